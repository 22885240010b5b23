"""The campaign estimate over Arrow recipients as columns: every batch's columns are
checked as :mod:`sms_codec.estimate_arrow` reads them, then the records are counted by
``pyarrow.compute`` with no Python object per recipient.

The rules are :class:`~sms_codec.estimate.PartialEstimate`'s, restated over columns:

* a contact id seen before is a *repeat*: it only adds its group and flag to the number
  of the contact's first row (``cumulative_max`` over the ids' dictionary indices,
  which are numbered in order of first appearance, finds the first rows);
* every other row with a valid number is a record of that E.164 number (an integer, the
  digits after ``+``); the first one gives its labels and region, and the flags, the
  groups and "not from a group" of all of them (repeats too) are or-ed, unioned and
  or-ed (one ``group_by`` over the numbers, in order of first row);
* the body key of a number is its label values' dictionary indices in one integer.

>>> import pyarrow as pa
>>> from sms_codec.estimate import Campaign
>>> part = {"mobile": pa.array(["+306912345678", "+30 691 234 5678", "+3069"]),
...         "label:name": pa.array(["Ana", "Bo", None])}
>>> tally, _, _ = tally_of(Campaign.build("Hi [~name]"), [part])
>>> tally.recipients, tally.duplicates, tally.invalid, dict(tally.counts().per_key)
(1, 1, [('+3069', 'not a valid number for GR', None)], {('Ana',): 1})
"""

from __future__ import annotations

import math
import secrets
from collections import Counter
from collections.abc import Iterable
from typing import Any

from . import _arrow
from ._checks import optional_module
from ._estimate_bodies import classed, plain_value
from ._estimate_column_counts import ColumnCounts, Lazy
from ._estimate_column_numbers import full, normalise_column
from ._estimate_report import Tally, blacklist_of
from .errors import ArgumentTypeError, OptionError

__all__ = ["columnar", "columns_of", "numbers_text", "tally_of"]

#: Dictionary indices combine by multiplication; above this the key is renumbered first.
_LIMIT = 2**62
#: Rows of label codes made at a time.
_SLICE = 65_536


def _modules() -> tuple[Any, Any]:
    return (optional_module("pyarrow", "arrow", "sms_codec.estimate_arrow"),
            optional_module("pyarrow.compute", "arrow", "sms_codec.estimate_arrow"))


def _stringy(pa: Any, kind: Any) -> bool:
    types = pa.types
    if types.is_dictionary(kind):
        kind = kind.value_type
    return bool(types.is_null(kind) or types.is_string(kind) or types.is_large_string(kind)
                or types.is_string_view(kind))


def _boolean(pa: Any, kind: Any) -> bool:
    return bool(pa.types.is_boolean(kind) or pa.types.is_null(kind))


def _any(pa: Any, kind: Any) -> bool:
    return True


def _column(pa: Any, batch: Any, name: str, what: str, check: Any, needs: str) -> Any:
    index = batch.schema.get_field_index(name)
    if index < 0:
        return None
    column = batch.column(index)
    if not check(pa, column.type):
        raise ArgumentTypeError(f"recipients column {name!r} ({what}) must be {needs}, "
                                f"not {column.type}")
    return column


def columns_of(batch: Any, columns: Any, names: tuple[str, ...], offset: int
               ) -> dict[str, Any]:
    """The checked columns of one batch: ``mobile`` and, where the batch has them,
    ``id``, ``group``, ``blacklisted`` and each template label present (by its name);
    the typed error a bad column or a null number gets, in the order they are checked."""
    pa, pc = _modules()
    if batch.schema.get_field_index(columns.number) < 0:
        raise OptionError(f"recipients has no number column {columns.number!r}")
    mobile = _column(pa, batch, columns.number, "the number", _stringy, "a string column")
    if mobile.null_count:
        row = pc.index(pc.is_null(mobile), True).as_py()
        raise ArgumentTypeError(
            f"recipients row {offset + row}: the number ({columns.number!r}) is null"
        )
    out = {"mobile": mobile}
    for key, name, what, check, needs in (
        ("id", columns.id, "the contact id", _any, ""),
        ("group", columns.group, "the group", _stringy, "a string column"),
        ("blacklisted", columns.blacklisted, "blacklisted", _boolean, "a bool column"),
    ):
        found = _column(pa, batch, name, what, check, needs) if name else None
        if found is not None:
            out[key] = found
    if columns.labels is not None:
        for label in columns.labels:
            if batch.schema.get_field_index(label) < 0:
                raise OptionError(f"recipients has no label column {label!r}")
        readable = set(columns.labels)
    else:
        readable = set(batch.schema.names) - set(columns.names())
    for name in names:
        if name in readable:
            out["label:" + name] = _column(pa, batch, name, "a label", _stringy,
                                           "a string column")
    return out


def columnar(pa: Any, kind: Any) -> bool:
    """Whether a contact id column of ``kind`` is read as columns (ids that hash in
    Arrow as they do in Python: strings, integers; others take the records path)."""
    types = pa.types
    if types.is_dictionary(kind):
        kind = kind.value_type
    return bool(types.is_string(kind) or types.is_large_string(kind)
                or types.is_string_view(kind) or types.is_integer(kind)
                or types.is_null(kind))


def _plain(pa: Any, pc: Any, chunks: list[Any]) -> Any:
    """The chunks as one chunked array of a type every kernel takes (or ``None`` when
    they hold only nulls)."""
    out = []
    for chunk in chunks:
        if pa.types.is_dictionary(chunk.type):
            chunk = chunk.dictionary_decode()
        if pa.types.is_string_view(chunk.type):
            chunk = chunk.cast(pa.large_string())
        out.append(chunk)
    if all(pa.types.is_null(c.type) for c in out):
        return None
    kinds = {c.type for c in out if not pa.types.is_null(c.type)}
    kind = pa.large_string() if pa.large_string() in kinds else kinds.pop()
    return pa.chunked_array([c.cast(kind) for c in out], kind)


def _first_rows(pa: Any, pc: Any, indices: Any) -> Any:
    """Whether each row is the first of its dictionary index (null: never)."""
    filled = pc.fill_null(indices, -1).cast(pa.int64())
    most = pc.cumulative_max(filled)
    before = pa.concat_arrays([pa.array([-1], pa.int64()), most.slice(0, len(most) - 1)])
    return pc.greater(most, before)


def _numbered(pa: Any, pc: Any, column: Any) -> tuple[Any, Any, Any]:
    """``column``'s values numbered in order of first appearance (int32; null for a
    null), the distinct values in that order and the first row of each: what
    ``dictionary_encode`` gives, hashed by the compiled twin when it is the active one
    (strings only; about 4x faster at 1,000,000 distinct values)."""
    twin = _arrow.active()
    if twin is not _arrow.compiled() or not (pa.types.is_string(column.type)
                                             or pa.types.is_large_string(column.type)):
        indices, dictionary = _indices(pa, pc, column)
        return indices, dictionary, pc.indices_nonzero(_first_rows(pa, pc, indices))
    index, firsts = twin.first_seen(column, secrets.randbits(64))
    numbers = _from_buffer(pa, pa.int32(), index)
    if column.null_count:
        numbers = pc.if_else(pc.greater_equal(numbers, 0), numbers, None)
    first = _from_buffer(pa, pa.int64(), firsts)
    distinct = pc.take(column, first)
    if isinstance(distinct, pa.ChunkedArray):
        distinct = distinct.combine_chunks()
    return numbers, distinct, first


def _from_buffer(pa: Any, kind: Any, values: Any) -> Any:
    """An ``array.array`` of ``kind``'s width as an Arrow array (no copy)."""
    return pa.Array.from_buffers(kind, len(values), [None, pa.py_buffer(values)])


def _first_keys(pa: Any, pc: Any, keys: Any) -> tuple[Any, Any] | None:
    """The first row of each distinct key of the int64 array ``keys`` (null: none), in
    order of first appearance, and those keys; ``None`` unless the compiled twin is the
    active one (then one ``group_by`` does it)."""
    twin = _arrow.active()
    if twin is not _arrow.compiled():
        return None
    filled = pc.fill_null(keys, -1)
    if isinstance(filled, pa.ChunkedArray):
        filled = filled.combine_chunks()
    data = memoryview(filled.buffers()[1])[8 * filled.offset:8 * (filled.offset + len(filled))]
    _, firsts = twin.first_seen_keys(data.cast("q"), secrets.randbits(64))
    first = _from_buffer(pa, pa.int64(), firsts)
    return first, pc.take(keys, first)


def _indices(pa: Any, pc: Any, column: Any) -> tuple[Any, Any]:
    """``column``'s dictionary indices (one array) and its dictionary."""
    encoded = pc.dictionary_encode(column)
    if isinstance(encoded, pa.ChunkedArray):
        dictionary = encoded.chunk(0).dictionary if encoded.num_chunks else pa.array([])
        indices = pa.chunked_array([c.indices for c in encoded.chunks], pa.int32())
        return indices.combine_chunks(), dictionary
    return encoded.indices, encoded.dictionary


def tally_of(campaign: Any, parts: Iterable[dict[str, Any]]
             ) -> tuple[Tally, frozenset[str], int]:
    """The :class:`~sms_codec._estimate_report.Tally` of the checked batches ``parts``
    (what :func:`columns_of` returns, in order), the blacklist's E.164 numbers and how
    many of its entries are not valid."""
    pa, pc = _modules()
    parts = list(parts)
    chunks: dict[str, list[Any]] = {}
    for part in parts:
        for name, column in part.items():
            chunks.setdefault(name, []).append(column)
    got = {name: _plain(pa, pc, found) for name, found in chunks.items()}
    mobile = got["mobile"]
    size = len(mobile)
    # Batch by batch: what is made per number lives for one batch only.
    regions: list[str] = []
    found = [normalise_column(campaign.numbers, chunk, regions) for chunk in mobile.chunks]
    key = pa.chunked_array([f.key for f in found], pa.int64()).combine_chunks()
    region_of = pa.chunked_array([f.region for f in found], pa.int32()).combine_chunks()
    reasons = {k: v for f in found for k, v in f.reasons.items()}
    del found
    rows = pc.subtract(pc.cumulative_sum(full(size, 1, pa.int64())), 1)
    ids = got.get("id")
    if ids is not None:
        cid, contacts, firsts = _numbered(pa, pc, ids)
        key_of_contact = pc.take(key, firsts)
        # A repeat: a row with an id whose first row is another.
        repeat = pc.fill_null(pc.not_equal(pc.take(firsts, cid), rows), False)
        record = (key if repeat.true_count == 0
                  else pc.if_else(repeat, pc.take(key_of_contact, cid), key))
        plain = pc.is_null(cid)
        del firsts, cid
        to_entries = pc.sum(pc.and_(plain, pc.is_valid(key)).cast(pa.int64())).as_py() or 0
        valid_contacts = len(key_of_contact) - key_of_contact.null_count
        unrepeated = pc.invert(repeat)
    else:
        contacts = key_of_contact = None
        record, to_entries, valid_contacts = key, size - key.null_count, 0
        unrepeated = full(size, True, pa.bool_())
    invalid = _invalid(pa, pc, mobile, ids, reasons,
                       pc.and_(unrepeated, pc.is_null(key)))
    del key, unrepeated, ids
    columns: dict[str, Any] = {"e": record, "row": rows}
    aggregates: list[Any] = [("row", "min")]
    if got.get("blacklisted") is not None:
        columns["flag"] = pc.fill_null(got["blacklisted"], False)
        aggregates.append(("flag", "any"))
    group = got.get("group")
    if group is not None:
        columns["direct"] = pc.is_null(group)
        columns["group"] = group
        aggregates += [("direct", "any"),
                       ("group", "distinct", pc.CountOptions(mode="only_valid"))]
    seen = _first_keys(pa, pc, record) if len(aggregates) == 1 else None
    if seen is not None:  # only the first row of each number is wanted
        first_of, numbers = seen
        per = pa.table({"e": numbers, "row_min": first_of})
    else:
        table = pa.table(columns)
        if record.null_count:
            table = table.filter(pc.is_valid(record))
        per = table.group_by("e", use_threads=False).aggregate(aggregates)
        if len(per) > 1 and not pc.all(pc.greater(per["row_min"][1:],
                                                  per["row_min"][:-1])).as_py():
            per = per.sort_by("row_min")  # first appearance, whatever the grouper's order
    del columns, rows, record
    blacklist, unreadable = blacklist_of(campaign)
    listed = pa.array([int(n[1:]) for n in blacklist], pa.int64())
    flagged = pc.is_in(per["e"], value_set=listed)
    if "flag_any" in per.column_names:
        flagged = pc.or_(flagged, per["flag_any"])
    included = pc.invert(flagged)
    recipients = pc.sum(included.cast(pa.int64())).as_py() or 0
    per_group: Counter[str] = Counter()
    in_groups_only = 0
    if group is not None:
        lists = pc.filter(per["group_distinct"], included)
        found = pc.value_counts(pc.list_flatten(lists))
        per_group.update(dict(zip(found.field("values").to_pylist(),
                                  found.field("counts").to_pylist(), strict=True)))
        only = pc.and_(pc.greater(pc.list_value_length(lists), 0),
                       pc.invert(pc.filter(per["direct_any"], included)))
        in_groups_only = pc.sum(only.cast(pa.int64())).as_py() or 0
    first_rows = per["row_min"]
    region = pc.take(region_of, first_rows)
    labels = [(name, got.get("label:" + name)) for name in campaign.template.names]
    options = {k: v for k, v in campaign.options.items() if v is not None}
    code = _codes(pa, pc, labels, first_rows,
                  campaign.template if classed(campaign.template, options) else None)
    state = (pa, pc, labels, code, first_rows)
    tally = Tally(
        recipients=recipients, blacklisted=len(per) - recipients, per_group=per_group,
        in_groups_only=in_groups_only,
        counts=lambda: _counts(state, included, region, regions),
        duplicates=to_entries + valid_contacts - len(per), invalid=invalid,
        numbers=Lazy(lambda: _numbers(state, per, region, regions)),
        contacts=Lazy(lambda: {} if contacts is None else dict(zip(
            contacts.to_pylist(), numbers_text(pc, key_of_contact), strict=True))),
    )
    return tally, blacklist, unreadable


def numbers_text(pc: Any, keys: Any) -> list[str | None]:
    """The E.164 strings of integer keys (``None`` for a null)."""
    return [None if k is None else f"+{k}" for k in keys.to_pylist()]


def _invalid(pa: Any, pc: Any, mobile: Any, ids: Any, reasons: dict[str, str], mask: Any
             ) -> list[tuple[str, str, Any]]:
    where = pc.indices_nonzero(mask)
    if not len(where):
        return []
    given = pc.take(mobile, where).to_pylist()
    contact = pc.take(ids, where).to_pylist() if ids is not None else [None] * len(given)
    return [(m, reasons[m], c) for m, c in zip(given, contact, strict=True)]


def _codes(pa: Any, pc: Any, labels: list[tuple[str, Any]], rows: Any,
           template: Any = None) -> Any:
    """One integer per row of ``rows`` numbering its tuple of label values.

    With ``template`` (one whose plain bodies have the answers of their length alone:
    :func:`~sms_codec._estimate_bodies.classed`), the rows whose values are all plain
    are numbered by their body's length instead, ``-1 - length`` (the others' numbers
    are >= 0): their recipients are then counted once per length, not per key."""
    length: int | None = None
    if template is not None:
        uses = [template.slots.count(i) for i in range(len(template.names))]
        length = sum(map(len, template.fixed))
    # Per label column: its indices, the number of them (a null: the last index) and,
    # counting by length, each index's length in the body (null: not plain).
    encoded = []
    for position, (name, column) in enumerate(labels):
        at_null = None
        if length is not None:
            fallback = template.fallback[name]
            at_null = uses[position] * len(fallback) if plain_value(fallback) else None
            if column is None:
                length = None if at_null is None else length + at_null
        if column is None:
            continue
        indices, dictionary, _ = _numbered(pa, pc, column)
        sizes = None
        if length is not None:
            sizes = pa.array([uses[position] * len(v) if plain_value(v) else None
                              for v in dictionary.to_pylist()] + [at_null], pa.int64())
        encoded.append((indices, len(dictionary), sizes))
    widths = [n + 1 for _, n, _ in encoded]
    # Slice by slice, so that what is made per row lives for one slice; unless the
    # codes must be renumbered on the way (a slice's numbers would be its own).
    whole = math.prod(widths) >= _LIMIT
    step = max(len(rows), 1) if whole else _SLICE
    pieces = []
    for start in range(0, len(rows), step):
        part = rows.slice(start, step)
        code = full(len(part), 0, pa.int64())
        bound = 1
        total = None if length is None else full(len(part), length, pa.int64())
        for (indices, nulls, sizes), width in zip(encoded, widths, strict=True):
            if bound * width >= _LIMIT:
                code, _ = _indices(pa, pc, code)
                code, bound = code.cast(pa.int64()), len(_)
            at = pc.take(indices, part)
            if at.null_count:
                at = pc.fill_null(at, nulls)
            code = pc.add(pc.multiply(code, width), at)
            bound *= width
            if total is not None:
                total = pc.add(total, pc.take(sizes, at))  # a null propagates
        if total is not None:
            code = pc.if_else(pc.is_valid(total), pc.subtract(-1, total), code)
        pieces.append(code)
    # A piece is a chunked array when ``rows`` is: pass its chunks, since
    # ``pa.chunked_array`` reads a chunked array given as a chunk value by value in Python.
    return pa.chunked_array([c for p in pieces for c in _chunks(pa, p)], pa.int64())


def _chunks(pa: Any, values: Any) -> list[Any]:
    return values.chunks if isinstance(values, pa.ChunkedArray) else [values]


def _keys(state: tuple[Any, ...], codes: Any, positions: Any) -> list[tuple[Any, ...]]:
    """The label values of the numbers at ``positions`` (one per code)."""
    pa, pc, labels, _, first_rows = state
    rows = pc.take(first_rows, positions)
    values = []
    for _, column in labels:
        if column is None:
            values.append([None] * len(rows))
            continue
        # Each distinct value made a str once, shared by the keys that hold it.
        indices, dictionary = _indices(pa, pc, pc.take(column, rows))
        texts = [*dictionary.to_pylist(), None]
        values.append(list(map(texts.__getitem__,
                               pc.fill_null(indices, len(dictionary)).to_pylist())))
    if not values:
        return [()] * len(rows)
    return list(zip(*values, strict=True))


def _counts(state: tuple[Any, ...], included: Any, region: Any, regions: list[str]
            ) -> ColumnCounts:
    pa, pc, _, code, _ = state
    table = pa.table({"code": code, "region": region,
                      "at": pc.subtract(pc.cumulative_sum(full(len(code), 1, pa.int64())), 1)})
    table = table.filter(included)
    pairs = table.group_by(["code", "region"], use_threads=False).aggregate(
        [("at", "count"), ("at", "min")]).rename_columns(["code", "region", "n", "at"])
    per = pairs.group_by("code", use_threads=False).aggregate(
        [("n", "sum"), ("at", "min")]).sort_by("at_min")
    keys = _keys(state, per["code"], per["at_min"])
    return ColumnCounts(pairs.select(["code", "region", "n"]), per["code"].to_pylist(), keys,
                        per["n_sum"].to_pylist(), regions)


def _numbers(state: tuple[Any, ...], per: Any, region: Any, regions: list[str]
             ) -> dict[str, tuple[Any, ...]]:
    """e164 -> (region, key, direct, groups, flagged), as the records path keeps them."""
    pa, pc, labels, _, first_rows = state
    # The codes of the keys themselves (the counting's may number lengths).
    code = _codes(pa, pc, labels, first_rows)
    state = (pa, pc, labels, code, first_rows)
    at = pc.subtract(pc.cumulative_sum(full(len(code), 1, pa.int64())), 1)
    distinct = pa.table({"code": code, "at": at}).group_by("code", use_threads=False).aggregate(
        [("at", "min")])
    key_of = dict(zip(distinct["code"].to_pylist(),
                      _keys(state, distinct["code"], distinct["at_min"]), strict=True))
    names = per.column_names
    size = len(per)
    direct = per["direct_any"].to_pylist() if "direct_any" in names else [True] * size
    groups = ([frozenset(g) if g else None for g in per["group_distinct"].to_pylist()]
              if "group_distinct" in names else [None] * size)
    flags = (pc.fill_null(per["flag_any"], False).to_pylist() if "flag_any" in names
             else [False] * size)
    return {
        e164: (regions[r], key_of[c], d, g, f) for e164, r, c, d, g, f in zip(
            numbers_text(pc, per["e"]), region.to_pylist(), code.to_pylist(), direct, groups,
            flags, strict=True)
    }
