"""Routee personalisation for the campaign estimate: ``[~label]`` placeholders filled
from each contact's labels, or from ``fallbackValues``.

A recipient's body depends on nothing but the values of the labels the template uses,
so two recipients with the same values send the same body and cost the same parts: the
estimate keys every recipient by that tuple and renders (and analyses) each distinct
tuple once. A label neither the contact nor the fallbacks give stays in the body as
written, ``[~label]``, and is priced like that (Routee sends it so).

>>> t = Template("Hi [~firstName], [~code] is yours, [~firstName]!", {"code": "X1"})
>>> t.names
('firstName', 'code')
>>> key = t.key({"firstName": "Ana"})
>>> key, t.render(key)
(('Ana', None), 'Hi Ana, X1 is yours, Ana!')
>>> t.render(t.key(None))
'Hi [~firstName], X1 is yours, [~firstName]!'
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from .errors import ArgumentTypeError

__all__ = ["Key", "Template"]

#: A label is what Routee accepts between ``[~`` and ``]``: no brackets, no line break.
_PLACEHOLDER = re.compile(r"\[~([^\[\]\r\n]+)\]")

#: The values of a recipient's labels, in :attr:`Template.names` order; ``None`` where
#: the contact has no such label (the fallback, or the placeholder, is used).
Key = tuple[Any, ...]


class Template:
    """A body with ``[~label]`` placeholders and its fallback values."""

    def __init__(self, body: str, fallback_values: Mapping[str, Any] | None = None) -> None:
        pieces = _PLACEHOLDER.split(body)
        self.body = body
        self.fixed: list[str] = pieces[0::2]
        used: list[str] = pieces[1::2]
        #: The distinct labels, in order of first use.
        self.names: tuple[str, ...] = tuple(dict.fromkeys(used))
        self.slots = [self.names.index(label) for label in used]
        fallback = {} if fallback_values is None else fallback_values
        if not isinstance(fallback, Mapping):
            raise ArgumentTypeError(
                f"fallback_values must be a mapping, not {type(fallback).__name__}"
            )
        for label, value in fallback.items():
            if not isinstance(value, str):
                raise ArgumentTypeError(
                    f"fallback_values[{label!r}] must be a str, not {type(value).__name__}"
                )
        self.fallback = {name: fallback.get(name) for name in self.names}

    def key(self, labels: Mapping[str, Any] | None) -> Key:
        """The values of the used labels in ``labels`` (``None`` where absent)."""
        if not labels or not self.names:
            return (None,) * len(self.names)
        return tuple(map(labels.get, self.names))

    def check(self, key: Key, where: str) -> None:
        """ArgumentTypeError naming ``where`` and the label when a value is not a str."""
        for name, value in zip(self.names, key, strict=True):
            if value is not None and not isinstance(value, str):
                raise ArgumentTypeError(
                    f"{where}: label {name!r} must be a str, not {type(value).__name__}"
                )

    def values(self, key: Key) -> list[str | None]:
        """What each label becomes: its value, else its fallback, else ``None``."""
        return [
            self.fallback[name] if value is None else value
            for name, value in zip(self.names, key, strict=True)
        ]

    def missing(self, key: Key) -> list[str]:
        """The labels that stay as written for this key."""
        return [
            name for name, value in zip(self.names, self.values(key), strict=True)
            if value is None
        ]

    def render(self, key: Key) -> str:
        """The body a recipient with these label values is sent."""
        if not self.slots:
            return self.body
        values = self.values(key)
        out = [self.fixed[0]]
        for slot, text in zip(self.slots, self.fixed[1:], strict=True):
            value = values[slot]
            out.append(f"[~{self.names[slot]}]" if value is None else value)
            out.append(text)
        return "".join(out)
