"""The analysis of every distinct body of a campaign, rendering only where it must.

A body made only of characters of the GSM 03.38 default alphabet's basic table (one
septet each, no escape) is analysed, under the default tables with no short links, as
a function of its length alone: encoding GSM-7, units = characters, and parts,
capacity and remaining follow from that count (TS 23.038 clause 6.1.2.1; TS 23.040
clause 9.2.3.24.1 for the concatenation header). The fixed text of a template and each
distinct label value are checked once; a recipient whose values are all such plain text
gets the analysis of its body's length, which is computed once per length. Every other
body is rendered and analysed, once per distinct tuple of values.

>>> from sms_codec._estimate_template import Template
>>> t = Template("Hi [~name]!")
>>> bodies = Bodies(t, [("Ana",), ("Ζωή",)], {})
>>> bodies.analyses[("Ana",)].parts, bodies.rendered, bodies.plain_lengths[("Ana",)]
(1, 1, 7)
"""

from __future__ import annotations

import itertools
from collections.abc import Collection, Iterable, Mapping
from operator import itemgetter
from typing import Any

from ._checks import check_size
from ._estimate_template import Key, Template
from .analysis import BodyAnalysis, analyze, analyze_many
from .tables import DEFAULT_ALPHABET
from .urls import find_urls

__all__ = ["PLAIN", "Bodies", "by_length", "classed", "links_of", "plain_value"]

#: One septet each under the default tables, whatever their neighbours.
PLAIN = frozenset(ch for ch in DEFAULT_ALPHABET if ch is not None)


def by_length(template: Template, options: Mapping[str, Any]) -> bool:
    """Whether ``template``'s plain bodies are analysed by their length alone under
    ``options`` (the options as :class:`Bodies` takes them: ``None`` ones left out)."""
    return (
        options.get("language") is None
        and str(options.get("encoding", "auto")).lower() in ("auto", "gsm7")
        and options.get("short_links") is None
        and all(PLAIN.issuperset(piece) for piece in template.fixed)
    )


def links_of(fixed: list[str]) -> tuple[bool, int, int]:
    """:meth:`Bodies.links` of a template whose fixed text is ``fixed``."""
    touching = "".join(
        (before.split()[-1] if before and not before[-1].isspace() else "")
        + (after.split()[0] if after and not after[0].isspace() else "")
        for before, after in itertools.pairwise(fixed)
    )
    if "." in touching or ":" in touching:
        return True, 0, 0
    found = [span for piece in fixed for span in find_urls(piece)]
    return False, len(found), -sum(span.end - span.start for span in found)


def classed(template: Template, options: Mapping[str, Any]) -> bool:
    """Whether every answer about a body made only of :func:`plain_value` values
    depends on its length alone: its analysis (:func:`by_length`) and, with no link a
    value can make or change (:func:`links_of`), every suggestion. Recipients of such
    bodies may then be counted by length rather than by key.

    >>> classed(Template("Hi [~name]"), {}), classed(Template("Hi [~name]"),
    ...                                               {"language": "auto"})
    (True, False)
    """
    return by_length(template, options) and not links_of(template.fixed)[0]


def plain_value(text: str | None) -> bool:
    """Whether a label value (``None``: the placeholder stays) keeps a :func:`classed`
    body plain: default-table characters only, and no ``.`` or ``:`` (a link's mark).

    >>> plain_value("Ana"), plain_value("Ana.com"), plain_value("€"), plain_value(None)
    (True, False, False, False)
    """
    return text is not None and PLAIN.issuperset(text) and "." not in text and ":" not in text


class Bodies:
    """``analyses``: key -> BodyAnalysis of the body it renders, for the given keys.

    ``plain_lengths`` maps the keys analysed by length to that length; ``rendered``
    counts the bodies that had to be rendered and analysed one by one.
    """

    def __init__(self, template: Template, keys: Iterable[Key], options: Mapping[str, Any]):
        self.template = template
        self.options = dict(options)
        self.by_length = by_length(template, options)
        fixed = sum(map(len, template.fixed))
        uses = [template.slots.count(i) for i in range(len(template.names))]
        self._dotted: dict[str, bool] = {}
        self._length: dict[int, BodyAnalysis] = {}
        self._fixed, self._uses = fixed, uses
        self.analyses: dict[Key, BodyAnalysis] = _Analyses(self)
        self.plain_lengths: dict[Key, int] = {}
        keys = keys if isinstance(keys, Collection) else list(keys)
        lengths = self._plain_lengths(keys, fixed, uses) if self.by_length else None
        others: list[Key] = []
        if lengths is None:
            others = list(keys)
        else:
            plain = self.plain
            for key, length in zip(keys, lengths, strict=True):
                if length is None:
                    others.append(key)
                    continue
                check_size(length, "a recipient's body")
                self.plain_lengths[key] = length
                self.analyses[key] = plain(length)
        self.rendered = len(others)
        rendered = [template.render(k) for k in others]
        for text in rendered:
            check_size(len(text), "a recipient's body")
        self.analyses.update(zip(others, analyze_many(rendered, **self.options), strict=True))

    def _plain_lengths(self, keys: Collection[Key], fixed: int, uses: list[int]
                       ) -> list[int | None]:
        """The length of each key's body if it is plain (see the module), else ``None``:
        each slot's distinct values are looked at once, the keys summed slot by slot."""
        totals: list[int | None] = [fixed] * len(keys)
        for slot, (name, times) in enumerate(zip(self.template.names, uses, strict=True)):
            fallback = self.template.fallback[name]
            lengths: dict[Any, int | None] = {}
            for value in set(map(itemgetter(slot), keys)):
                text = fallback if value is None else value
                # None: "[~label]" stays, and its brackets are escapes.
                lengths[value] = (times * len(text) if text is not None
                                  and PLAIN.issuperset(text) else None)
            totals = [None if total is None or (n := lengths[key[slot]]) is None
                      else total + n for total, key in zip(totals, keys, strict=True)]
        return totals

    def body(self, key: Key) -> str:
        """The body ``key`` renders."""
        return self.template.render(key)

    def plain(self, length: int) -> BodyAnalysis:
        """The analysis of every plain body of ``length`` characters (see the module)."""
        found = self._length.get(length)
        if found is None:
            found = self._length[length] = analyze("a" * length, **self.options)
        return found

    def links(self) -> tuple[bool, int, int]:
        """``(anywhere, fixed, delta)`` for pricing links as short links of ``delta``
        characters each: ``anywhere`` unless every link is one of the ``fixed`` links of
        the template's own text; ``delta`` is then the change in length they make.

        Every link :func:`~sms_codec.urls.find_urls` finds has a ``.`` (a host) or a
        ``:`` (a scheme), and none crosses white space: where the words touching the
        placeholders have neither, a value without either adds no link and changes none.
        """
        return links_of(self.template.fixed)

    def analysis(self, key: Key) -> BodyAnalysis:
        """The analysis of any ``key``'s body, one of the given keys or not (a
        recipient counted by its body's length under another key of that length)."""
        found = dict.get(self.analyses, key)
        if found is not None:
            return found
        length = (self._plain_lengths([key], self._fixed, self._uses)[0] if self.by_length
                  else None)
        if length is not None:
            check_size(length, "a recipient's body")
            return self.plain(length)
        text = self.template.render(key)
        check_size(len(text), "a recipient's body")
        return analyze(text, **self.options)

    def any_dotted(self, keys: Collection[Key]) -> bool:
        """Whether any of ``keys`` is :meth:`dotted`, looking at each distinct value once."""
        values: set[str] = set()
        for slot, name in enumerate(self.template.names):
            column = set(map(itemgetter(slot), keys))
            if None in column:
                column.discard(None)
                if self.template.fallback[name] is not None:
                    column.add(self.template.fallback[name])
            values |= column
        return any("." in value or ":" in value for value in values)

    def dotted(self, key: Key) -> bool:
        """Whether a value of ``key`` has a ``.`` or a ``:`` (so may make a link)."""
        dotted = self._dotted
        for value in self.template.values(key):
            if value is not None:
                found = dotted.get(value)
                if found is None:
                    found = dotted[value] = "." in value or ":" in value
                if found:
                    return True
        return False


class _Analyses(dict[Key, BodyAnalysis]):
    """The given keys' analyses; any other key's is made when asked (not kept)."""

    def __init__(self, bodies: Bodies) -> None:
        super().__init__()
        self._bodies = bodies

    def __missing__(self, key: Key) -> BodyAnalysis:
        return self._bodies.analysis(key)
