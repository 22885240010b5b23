"""Checks shared by the public functions: each raises the typed error of :mod:`.errors`."""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Mapping
from types import ModuleType

from .errors import ArgumentTypeError, MissingDependencyError, OptionError, SizeLimitError

__all__ = [
    "MAX_BODY_CHARACTERS", "check_bool", "check_bytes", "check_choice", "check_int",
    "check_size", "check_strings", "check_type", "optional_module",
]

#: The longest body (in code points) any function that takes a body accepts. A body
#: over 255 parts cannot be sent (that is 39,015 GSM-7 septets); analysis still counts
#: longer ones, up to this bound, so a caller learns by how much a text is too long.
MAX_BODY_CHARACTERS = 1_000_000


def check_int(value: object, name: str, low: int = 0, high: int | None = None) -> int:
    """``value`` when it is an ``int`` (not a ``bool``) in ``low..high``.

    A value of another type is an :class:`ArgumentTypeError` (a TypeError), one out of
    range an :class:`OptionError` (a ValueError); both name the argument.

    >>> check_int(7, "udl")
    7
    >>> check_int(True, "udl")
    Traceback (most recent call last):
    ...
    sms_codec.errors.ArgumentTypeError: udl must be an int, not bool (True)
    >>> check_int(300, "data_coding", 0, 255)
    Traceback (most recent call last):
    ...
    sms_codec.errors.OptionError: data_coding must be an int in 0..255, not 300
    """
    if isinstance(value, bool) or not isinstance(value, int):
        raise ArgumentTypeError(f"{name} must be an int, not {type(value).__name__} ({value!r})")
    if value < low or (high is not None and value > high):
        span = f">= {low}" if high is None else f"in {low}..{high}"
        raise OptionError(f"{name} must be an int {span}, not {value!r}")
    return value


def check_bool(value: object, name: str) -> bool:
    """``value`` when it is ``True`` or ``False``; :class:`ArgumentTypeError` otherwise.

    >>> check_bool(False, "flash")
    False
    >>> check_bool("False", "udhi")
    Traceback (most recent call last):
    ...
    sms_codec.errors.ArgumentTypeError: udhi must be True or False, not str ('False')
    """
    if not isinstance(value, bool):
        raise ArgumentTypeError(
            f"{name} must be True or False, not {type(value).__name__} ({value!r})"
        )
    return value


def check_type(value: object, name: str, kind: type | tuple[type, ...], what: str) -> None:
    """:class:`ArgumentTypeError` naming ``name`` unless ``value`` is a ``kind``.

    >>> check_type(b"x", "segment", str, "a str")
    Traceback (most recent call last):
    ...
    sms_codec.errors.ArgumentTypeError: segment must be a str, not bytes
    """
    if not isinstance(value, kind):
        raise ArgumentTypeError(f"{name} must be {what}, not {type(value).__name__}")


def check_bytes(value: object, name: str) -> bytes:
    """``value`` as ``bytes`` when it is bytes-like (``bytes``, ``bytearray``, ``memoryview``).

    An ``int`` or a list of ints is refused: ``bytes(5)`` would be five zero octets.

    >>> check_bytes(bytearray(b"ab"), "user_data")
    b'ab'
    >>> check_bytes(5, "user_data")
    Traceback (most recent call last):
    ...
    sms_codec.errors.ArgumentTypeError: user_data must be bytes, not int
    """
    if type(value) is bytes:
        return value
    if not isinstance(value, (bytes, bytearray, memoryview)):
        raise ArgumentTypeError(f"{name} must be bytes, not {type(value).__name__}")
    return bytes(value)


def check_choice(value: object, name: str, choices: tuple[str, ...]) -> str:
    """``value`` when it is one of the strings ``choices``: a non-``str`` is an
    :class:`ArgumentTypeError`, another string an :class:`OptionError` listing them.

    >>> check_choice("packed", "packing", ("unpacked", "packed"))
    'packed'
    >>> check_choice("zip", "packing", ("unpacked", "packed"))
    Traceback (most recent call last):
    ...
    sms_codec.errors.OptionError: unknown packing 'zip'; valid: 'unpacked', 'packed'
    """
    if not isinstance(value, str):
        raise ArgumentTypeError(f"{name} must be a str, not {type(value).__name__} ({value!r:.40})")
    if value not in choices:
        valid = ", ".join(repr(choice) for choice in choices)
        raise OptionError(f"unknown {name} {value!r}; valid: {valid}")
    return value


def check_strings(value: object, name: str) -> tuple[str, ...]:
    """A ``str``, or an iterable of ``str`` that is no mapping, as a tuple of str.

    The message names the position of an item that is not a ``str``.

    >>> check_strings("tr", "language_codes"), check_strings(["tr", "pt"], "language_codes")
    (('tr',), ('tr', 'pt'))
    >>> check_strings(["tr", 5], "language_codes")
    Traceback (most recent call last):
    ...
    sms_codec.errors.ArgumentTypeError: language_codes[1] must be a str, not int
    """
    if isinstance(value, str):
        return (value,)
    if (
        not isinstance(value, Iterable)
        or isinstance(value, (bytes, bytearray, memoryview, Mapping))
    ):
        raise ArgumentTypeError(
            f"{name} must be a str or a sequence of str, not {type(value).__name__}"
        )
    items = tuple(value)
    for position, item in enumerate(items):
        if not isinstance(item, str):
            raise ArgumentTypeError(
                f"{name}[{position}] must be a str, not {type(item).__name__}"
            )
    return items


def check_size(
    size: int, name: str, limit: int = MAX_BODY_CHARACTERS, unit: str = "characters"
) -> None:
    """:class:`SizeLimitError` naming ``name`` when ``size`` is over ``limit``.

    >>> check_size(10, "body")
    >>> check_size(1_000_001, "body")
    Traceback (most recent call last):
    ...
    sms_codec.errors.SizeLimitError: body has 1000001 characters; the bound is 1000000
    """
    if size > limit:
        raise SizeLimitError(name, size=size, limit=limit, unit=unit)


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
