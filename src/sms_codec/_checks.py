"""Checks shared by the public functions: each raises the typed error of :mod:`.errors`."""

from __future__ import annotations

import importlib
from types import ModuleType

from .errors import MissingDependencyError

__all__ = ["optional_module"]


def optional_module(name: str, extra: str, needed_by: str) -> ModuleType:
    """The module ``name``, or :class:`MissingDependencyError` naming the extra to install.

    >>> optional_module("json", "none", "this example").__name__
    'json'
    >>> optional_module("no_such_module", "links", "serve")
    Traceback (most recent call last):
    ...
    sms_codec.errors.MissingDependencyError: serve needs ... pip install 'sms-codec[links]'
    """
    try:
        return importlib.import_module(name)
    except ImportError as error:
        raise MissingDependencyError(
            f"{needed_by} needs the {name!r} package: pip install 'sms-codec[{extra}]'"
        ) from error
