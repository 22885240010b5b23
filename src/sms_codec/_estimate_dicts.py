"""Routee's ``to``, ``contacts`` and ``groups`` read as the columns the columnar estimate
counts (:func:`sms_codec._estimate_columns.tally_of`), for a large campaign given as
dictionaries to :func:`sms_codec.estimate_campaign`.

The records path reads a recipient in about 6 us of Python; the columns cost about one
pass over the dictionaries (a list per field) and then what an Arrow table costs. The
answer is the same only where both paths read the same values, so the columns are made
only where every value has a type that Arrow and the records path treat alike: numbers
``str``, label values ``str`` or ``None``, labels a ``dict`` or ``None``, flags
``bool``, contact ids all ``str`` or all ``int``; ``to`` a list or tuple. Anything
else (a value the records path refuses, with the error it names, among them) returns
``None``, and the records path reads the campaign as before.

>>> import pyarrow as pa
>>> parts = columns_of_campaign(("name",), ["+306912345678"],
...                             {"c1": {"mobile": "+306912345679", "labels": {"name": "Ana"}}},
...                             None, at_least=0)
>>> {name: column.to_pylist() for name, column in parts[0].items()}
{'mobile': ['+306912345679', '+306912345678'], 'id': ['c1', None], 'label:name': ['Ana', None]}
>>> columns_of_campaign(("name",), ["+306912345678"], None, None) is None  # too few
True
"""

from __future__ import annotations

import importlib
from itertools import repeat
from operator import itemgetter
from typing import Any

__all__ = ["COLUMNS_FROM", "columns_of_campaign"]

#: A campaign of fewer recipients is read record by record: below this the records
#: path is as fast (and needs no pyarrow import, about 0.1 s the first time).
COLUMNS_FROM = 20_000

#: Rows per batch of the columns made.
BATCH = 65_536

_NONE = type(None)
#: What a record without ``blacklisted`` reads as (an ``object``: no flag is one).
_ABSENT = object()


def _records(members: Any) -> list[Any] | None:
    """The records of ``{id: record}`` when each is a plain dict, else ``None``."""
    if type(members) is not dict:
        return None
    records = list(members.values())
    return records if set(map(type, records)) <= {dict} else None


def columns_of_campaign(
    names: tuple[str, ...],
    to: Any,
    contacts: Any,
    groups: Any,
    *,
    at_least: int | None = None,
) -> list[dict[str, Any]] | None:
    """The checked batches (each as ``columns_of`` makes one, :data:`BATCH` rows) of the
    records of ``to``, ``contacts`` and ``groups`` in
    :func:`~sms_codec.estimate.recipients_of`'s order, with the template labels
    ``names``; ``None`` when the records path must read them (fewer
    than ``at_least`` recipients, :data:`COLUMNS_FROM` by default; no pyarrow; a value
    not of the types above)."""
    if type(to) not in (list, tuple):
        return None
    contact_records = None if contacts is None else _records(contacts)
    if contacts is not None and contact_records is None:
        return None
    blocks: list[tuple[Any, list[Any], str]] = []  # each group: members, records, name
    if groups is not None:
        if type(groups) is not dict or not set(map(type, groups)) <= {str}:
            return None
        for name, group in groups.items():
            records = _records(group)
            if records is None:
                return None
            blocks.append((group, records, name))
    size = len(to) + len(contact_records or ()) + sum(len(b[1]) for b in blocks)
    if size < max(COLUMNS_FROM if at_least is None else at_least, 1):
        return None
    try:
        pa = importlib.import_module("pyarrow")
        importlib.import_module("pyarrow.compute")  # the counting needs it
    except ImportError:
        return None
    contact_block = None if contact_records is None else (contacts, contact_records, None)
    return _columns(pa, names, to, contact_block, blocks)


def _columns(pa: Any, names: tuple[str, ...], to: Any,
             contacts: tuple[Any, list[Any], None] | None,
             groups: list[tuple[Any, list[Any], str]]) -> list[dict[str, Any]] | None:
    mobiles: list[Any] = []
    ids: list[Any] = []
    flags: list[Any] = []
    group_of: list[Any] = []
    values: list[list[Any]] = [[] for _ in names]

    def add(members: Any, records: list[Any], name: str | None) -> bool:
        """Append the records of ``{id: record}`` ``members``; False to decline."""
        # map over dict.get and itemgetter: C loops, a third of a comprehension's time.
        try:
            mobiles.extend(map(itemgetter("mobile"), records))
        except KeyError:
            return False  # the records path names the record without one
        labels = list(map(dict.get, records, repeat("labels")))
        kinds = set(map(type, labels))
        if not kinds <= {dict, _NONE}:
            return False
        ids.extend(members)
        flags.extend(map(dict.get, records, repeat("blacklisted"), repeat(_ABSENT)))
        group_of.extend([name] * len(records))
        for label, column in zip(names, values, strict=True):
            if _NONE in kinds:
                column.extend([None if found is None else found.get(label) for found in labels])
            else:
                column.extend(map(dict.get, labels, repeat(label)))  # type: ignore[arg-type]
        return True

    # Contacts first, then the plain numbers, then the groups: recipients_of's order.
    if contacts is not None and not add(*contacts):
        return None
    mobiles.extend(to)
    flags.extend([_ABSENT] * len(to))
    for column in (ids, group_of, *values):
        column.extend([None] * len(to))
    if not all(add(*block) for block in groups):
        return None
    if set(map(type, mobiles)) != {str}:  # the records path takes no str subclass here
        return None
    try:
        flagged = flags.count(_ABSENT) != len(flags)
        if flagged and not (
            set(map(type, flags)) <= {bool, object}  # and each object is _ABSENT:
            and flags.count(True) + flags.count(False) + flags.count(_ABSENT) == len(flags)
        ):
            return None
        # Inferred, not converted: a bytes value is no string there, nor a bool an int.
        inferred = [pa.array(column) for column in (ids, *values)]
        whole: dict[str, Any] = {"mobile": pa.array(mobiles, pa.string())}
        if groups:
            whole["group"] = pa.array(group_of, pa.string())
    except (TypeError, ValueError, OverflowError):
        # Arrow's errors are of these classes, and so is the UnicodeEncodeError of a lone
        # surrogate, which Arrow cannot hold and the records path reads (or names).
        return None
    id_column, *label_columns = inferred
    if not (pa.types.is_string(id_column.type) or pa.types.is_int64(id_column.type)
            or pa.types.is_null(id_column.type)):
        return None
    if not all(pa.types.is_string(c.type) or pa.types.is_null(c.type) for c in label_columns):
        return None
    whole["id"] = id_column.cast(pa.string()) if pa.types.is_null(id_column.type) else id_column
    if flagged:  # no flag is no column: the counting then needs no grouping
        whole["blacklisted"] = pa.array([flag is True for flag in flags], pa.bool_())
    for label, column in zip(names, label_columns, strict=True):
        whole["label:" + label] = column.cast(pa.string())
    # Batches of BATCH rows, as a reader gives them: the number automaton learns what a
    # batch lacks and walks that batch again, so a first batch of a million would be
    # walked a dozen times over.
    return [{name: column.slice(start, BATCH) for name, column in whole.items()}
            for start in range(0, len(mobiles), BATCH)]
