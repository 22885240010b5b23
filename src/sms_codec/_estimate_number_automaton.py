"""The E.164 shortcut of :mod:`sms_codec._estimate_numbers` as one deterministic automaton
over the characters of a number, for a compiled loop to run (``walk_numbers`` of
:mod:`sms_codec._arrow`): ``+``, the calling code's digits, then the national number's.

Its tables are made as numbers need them (a lazy subset construction, as RE2 builds its
DFA): ``transitions`` holds ten entries per state (the next state on each digit;
:data:`MISSING` where not made yet) and ``answers`` :data:`WIDTH` per state (after
``n`` digits, the region the number is valid for, an index into ``regions``, or
:data:`UNKNOWN` when the full parse must decide). A walk that meets a missing
transition reports :data:`MISSING`; :meth:`Automaton.learn` makes the transitions of
that number, after which it walks through.

Each national state is the set of positions reached in every pattern the shortcut
tests for its calling code (each one of ``phonenumbers``' own patterns, parsed here
from the subset of the syntax its metadata uses): the national prefix guard and each
region's leading digits match a prefix of the number, so their accepting positions
loop on every digit; a region's general and type descriptions must match all of it.
Which patterns accept in a state, and the number's length, decide the answer in
``phonenumbers``' order (:meth:`~sms_codec._estimate_numbers.CallingCode`'s plan).
A pattern outside that syntax leaves its calling code to the full parse.

>>> import phonenumbers
>>> automaton = Automaton(phonenumbers)
>>> [automaton.answer(n) for n in ("+306912345678", "+14165550123", "+3069", "306")]
['GR', 'CA', None, None]
"""

from __future__ import annotations

import threading
from array import array
from typing import Any

from ._estimate_numbers import CallingCode

__all__ = ["DEAD", "MISSING", "ROOT", "UNKNOWN", "WIDTH", "Automaton", "Unsupported",
           "parse_pattern"]

#: The state no number leaves (the shortcut does not answer), and the one after ``+``.
DEAD, ROOT = 0, 1
#: A transition not made yet; an answer the full parse gives.
MISSING, UNKNOWN = -2, -1
#: Answers per state: after 0 to 16 digits (E.164's shape, ``+`` and 7 to 16 digits).
WIDTH = 17
#: States made at most; past it a number's walk ends in DEAD (the full parse answers).
MAX_STATES = 1 << 18
_ALL = (1 << 10) - 1


class Unsupported(ValueError):
    """A pattern outside the syntax :func:`parse_pattern` reads."""


def parse_pattern(pattern: str) -> Any:
    """``pattern`` as a tree: ``("set", mask)`` (a digit of the 10-bit ``mask``),
    ``("cat", items)``, ``("alt", items)``, ``("rep", item, least, most)`` (``most``
    ``None``: no bound) and ``("end",)`` (``$``); Unsupported outside that syntax.

    >>> parse_pattern("1[2-4]?")
    ('cat', [('set', 2), ('rep', ('set', 28), 0, 1)])
    """
    tree, at = _alternatives(pattern, 0)
    if at != len(pattern):
        raise Unsupported(f"unexpected {pattern[at]!r} at {at} of {pattern!r}")
    return tree


def _alternatives(p: str, at: int) -> tuple[Any, int]:
    items = []
    while True:
        item, at = _sequence(p, at)
        items.append(item)
        if at < len(p) and p[at] == "|":
            at += 1
            continue
        return (items[0] if len(items) == 1 else ("alt", items)), at


def _sequence(p: str, at: int) -> tuple[Any, int]:
    items = []
    while at < len(p) and p[at] not in "|)":
        item, at = _atom(p, at)
        item, at = _quantified(p, at, item)
        items.append(item)
    return ("cat", items), at


def _atom(p: str, at: int) -> tuple[Any, int]:
    c = p[at]
    if c.isdigit() and c.isascii():
        return ("set", 1 << int(c)), at + 1
    if p.startswith("\\d", at):
        return ("set", _ALL), at + 2
    if c == "$":
        return ("end",), at + 1
    if c == "[":
        return _digit_set(p, at + 1)
    if c == "(":
        at += 3 if p.startswith("(?:", at) else 1
        tree, at = _alternatives(p, at)
        if at >= len(p) or p[at] != ")":
            raise Unsupported(f"unclosed group in {p!r}")
        return tree, at + 1
    raise Unsupported(f"unexpected {c!r} at {at} of {p!r}")


def _digit_set(p: str, at: int) -> tuple[Any, int]:
    mask = 0
    while at < len(p) and p[at] != "]":
        if p.startswith("\\d", at):
            mask, at = mask | _ALL, at + 2
            continue
        low = p[at]
        if not (low.isdigit() and low.isascii()):
            raise Unsupported(f"unexpected {low!r} in a set of {p!r}")
        high, at = low, at + 1
        if p.startswith("-", at) and at + 1 < len(p) and p[at + 1] != "]":
            high, at = p[at + 1], at + 2
            if not (high.isdigit() and high.isascii()) or high < low:
                raise Unsupported(f"bad range in {p!r}")
        for d in range(int(low), int(high) + 1):
            mask |= 1 << d
    if at >= len(p):
        raise Unsupported(f"unclosed set in {p!r}")
    return ("set", mask), at + 1


def _quantified(p: str, at: int, item: Any) -> tuple[Any, int]:
    while at < len(p) and p[at] in "?*+{":
        c = p[at]
        if c == "{":
            close = p.find("}", at)
            if close < 0:
                raise Unsupported(f"unclosed bound in {p!r}")
            low, comma, high = p[at + 1:close].partition(",")
            if not low.isdigit() or (high and not high.isdigit()):
                raise Unsupported(f"bad bound in {p!r}")
            least = int(low)
            most = int(high) if high else (None if comma else least)
            if most is not None and most < least:
                raise Unsupported(f"bad bound in {p!r}")
            item, at = ("rep", item, least, most), close + 1
        else:
            least, most = {"?": (0, 1), "*": (0, None), "+": (1, None)}[c]
            item, at = ("rep", item, least, most), at + 1
        if at < len(p) and p[at] in "?+":
            raise Unsupported(f"lazy or possessive quantifier in {p!r}")
    return item, at


class _Nfa:
    """Nodes with digit moves and empty moves (Thompson's construction)."""

    def __init__(self) -> None:
        self.moves: list[list[tuple[int, int]]] = []
        self.empty: list[list[int]] = []
        self.ends: list[int] = []  # nodes accepting at the end of the input ($)

    def node(self) -> int:
        self.moves.append([])
        self.empty.append([])
        return len(self.moves) - 1

    def build(self, tree: Any, start: int) -> int:
        """Nodes for ``tree`` from ``start``; the node it ends in."""
        kind = tree[0]
        if kind == "set":
            end = self.node()
            self.moves[start].append((tree[1], end))
            return end
        if kind == "cat":
            for item in tree[1]:
                start = self.build(item, start)
            return start
        if kind == "alt":
            end = self.node()
            for item in tree[1]:
                self.empty[self.build(item, start)].append(end)
            return end
        if kind == "end":
            mark = self.node()
            self.empty[start].append(mark)
            self.ends.append(mark)
            return self.node()  # nothing after $ consumes a digit: unreachable
        _, item, least, most = tree
        for _ in range(least):
            start = self.build(item, start)
        if most is None:
            loop = self.node()
            self.empty[start].append(loop)
            self.empty[self.build(item, loop)].append(loop)
            return loop
        end = self.node()
        for _ in range(most - least):
            self.empty[start].append(end)
            start = self.build(item, start)
        self.empty[start].append(end)
        return end

    def closure(self, nodes: set[int]) -> frozenset[int]:
        todo = list(nodes)
        seen = set(nodes)
        while todo:
            for nxt in self.empty[todo.pop()]:
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return frozenset(seen)

    def step(self, nodes: frozenset[int], digit: int) -> frozenset[int]:
        bit = 1 << digit
        return self.closure({to for n in nodes for mask, to in self.moves[n] if mask & bit})


class _Code:
    """One calling code's patterns as one NFA, and its answer for a set of nodes."""

    def __init__(self, code: CallingCode) -> None:
        self.code = code
        nfa = self.nfa = _Nfa()
        self.accepts: dict[int, int] = {}  # accepting node -> pattern
        starts: list[int] = []

        def add(pattern: str, prefix: bool) -> int:
            number = len(starts)
            start = nfa.node()
            starts.append(start)
            nfa.ends = []
            end = nfa.build(parse_pattern(pattern), start)
            if prefix:  # matching a prefix is enough: the accepting node eats the rest
                nfa.moves[end].append((_ALL, end))
            for node in (end, *nfa.ends):
                self.accepts[node] = number
            return number

        self.guard = add(code.prefix, True) if code.prefix else None
        self.plan: list[tuple[str, int | None, Any]] = []
        for region, lead, valid in code.plan:
            led = add(lead, True) if lead else None
            tests = None
            if valid is not None:
                general, types = valid
                tests = ((general[0], add(general[1], False)),
                         [(lengths, add(p, False)) for lengths, p in types])
            self.plan.append((region, led, tests))
        self.start = nfa.closure(set(starts))

    def answer(self, nodes: frozenset[int], length: int) -> str | None:
        """The region a national number of ``length`` digits ending in ``nodes`` is valid
        for, or ``None`` (the full parse decides), in ``phonenumbers``' order."""
        low, high = self.code.lengths
        if not low <= length <= high:
            return None
        matched = {self.accepts[n] for n in nodes if n in self.accepts}
        if self.guard is not None and self.guard in matched:
            return None

        def valid(desc: tuple[tuple[int, ...], int]) -> bool:
            lengths, number = desc
            return number in matched and (not lengths or length in lengths)

        for region, led, tests in self.plan:
            if led is not None and led not in matched:
                continue
            if tests is not None and valid(tests[0]) and any(map(valid, tests[1])):
                return region
            if led is not None:
                return None  # its leading digits matched: no later region may answer
        return None


class Automaton:
    """The shortcut's automaton over ``phonenumbers``' metadata, made as numbers need it.

    :meth:`learn` holds :attr:`lock` (reentrant) while it grows the tables; a walk in C
    holds it too, since a table being read cannot grow (``array`` refuses to resize
    while its buffer is exported)."""

    def __init__(self, pn: Any) -> None:
        self.pn = pn
        self.transitions = array("i", [DEAD] * 10 + [MISSING] * 10)
        self.answers = array("i", [UNKNOWN] * (2 * WIDTH))
        #: The regions answers refer to, in order of first answer.
        self.regions: list[str] = []
        self._states: list[Any] = [None, ("code", "")]
        self._index: dict[Any, int] = {}
        self._codes: dict[int, _Code | None] = {}
        #: Held while the tables grow or are read outside the GIL.
        self.lock = threading.RLock()
        self._known = {str(c) for c in pn.COUNTRY_CODE_TO_REGION_CODE}
        self._leads = {s[:k] for s in self._known for k in range(1, len(s))}

    def answer(self, number: str) -> str | None:
        """The region the shortcut gives ``number``, or ``None`` (the full parse decides).

        >>> import phonenumbers
        >>> Automaton(phonenumbers).answer("+79161234567")
        'RU'
        """
        self.learn(number)
        state, digits = DEAD, 0
        if 2 <= len(number) <= WIDTH and number[0] == "+":
            state = ROOT
            for c in number[1:]:
                if not ("0" <= c <= "9"):
                    state = DEAD
                    break
                state = self.transitions[state * 10 + ord(c) - 48]
                digits += 1
        found = self.answers[state * WIDTH + digits] if state != DEAD else UNKNOWN
        return None if found < 0 else self.regions[found]

    def learn(self, number: str) -> None:
        """Make every transition the walk of ``number`` takes."""
        if not (2 <= len(number) <= WIDTH and number[0] == "+"):
            return
        with self.lock:
            state = ROOT
            for c in number[1:]:
                if not ("0" <= c <= "9") or state == DEAD:
                    return
                at = state * 10 + ord(c) - 48
                if self.transitions[at] == MISSING:
                    self.transitions[at] = self._next(state, ord(c) - 48)
                state = self.transitions[at]

    def _next(self, state: int, digit: int) -> int:
        kind, *rest = self._states[state]
        if kind == "code":
            (digits,) = rest
            digits += str(digit)
            if digits in self._known:
                code = self._code(int(digits))
                return DEAD if code is None else self._state(code, code.start)
            return self._prefix(digits) if digits in self._leads else DEAD
        code, nodes = rest
        return self._state(code, code.nfa.step(nodes, digit))

    def _code(self, number: int) -> _Code | None:
        if number not in self._codes:
            code = CallingCode(self.pn, number)
            try:
                self._codes[number] = _Code(code) if code.alternatives else None
            except Unsupported:
                self._codes[number] = None
        return self._codes[number]

    def _prefix(self, digits: str) -> int:
        key = ("code", digits)
        if key not in self._index:
            self._index[key] = self._add(key, [UNKNOWN] * WIDTH)
        return self._index[key]

    def _state(self, code: _Code, nodes: frozenset[int]) -> int:
        key = (code, nodes)
        found = self._index.get(key)
        if found is not None:
            return found
        if not nodes or len(self._states) >= MAX_STATES:
            return DEAD
        width = code.code.width - 1  # the calling code's digits
        row = []
        for digits in range(WIDTH):
            region = code.answer(nodes, digits - width)
            if region is not None and region not in self.regions:
                self.regions.append(region)
            row.append(UNKNOWN if region is None else self.regions.index(region))
        found = self._index[key] = self._add(("nat", code, nodes), row)
        return found

    def _add(self, state: Any, row: list[int]) -> int:
        self._states.append(state)
        self.transitions.extend([MISSING] * 10)
        self.answers.extend(row)
        return len(self._states) - 1

