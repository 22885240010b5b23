"""Recipient files for the campaign estimate, read as a stream of
:class:`~sms_codec.estimate.Recipient` records (nothing is held but the current row).

CSV: a header with ``mobile`` (required), optionally ``id``, ``blacklisted`` (``true``/
``false``, ``1``/``0``, ``yes``/``no`` or empty) and ``group``; every other column is a
label, an empty cell a label the contact lacks. JSON lines: one object per line with
``mobile`` and optionally ``id``, ``labels`` (an object of strings), ``blacklisted``
(``true``/``false``) and ``group``. Without an ``id`` a row's contact id is its row
number. Any malformed row is an :class:`~sms_codec.errors.InputError` naming the row
and the column.

>>> import io
>>> rows = read_csv(io.StringIO("mobile,name\\n+306912345678,Ana\\n+306912345679,\\n"))
>>> [(r.mobile, r.contact, r.labels) for r in rows]
[('+306912345678', '2', {'name': 'Ana'}), ('+306912345679', '3', {})]
>>> next(read_jsonl(io.StringIO('{"mobile": "+1", "labels": {"name": "Al"}}\\n'))).labels
{'name': 'Al'}
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import Any, TextIO

from .errors import InputError
from .estimate import Recipient

__all__ = ["read_csv", "read_jsonl", "read_recipients"]

_FLAGS = {"": False, "false": False, "0": False, "no": False,
          "true": True, "1": True, "yes": True}
_KEYS = frozenset({"mobile", "id", "labels", "blacklisted", "group"})


def read_csv(stream: TextIO) -> Iterator[Recipient]:
    """The recipients of a CSV stream (see the module docstring)."""
    reader = csv.reader(stream)
    try:
        yield from _rows(reader)
    except csv.Error as error:  # a field over csv's size limit, a NUL byte
        raise InputError(f"recipients row {reader.line_num}: {error}") from None


def _rows(reader: Any) -> Iterator[Recipient]:
    header = next(reader, None)
    if header is None:
        return
    names = [h.strip() for h in header]
    if "mobile" not in names:
        raise InputError("recipients row 1: the header has no 'mobile' column")
    if len(set(names)) != len(names):
        twice = next(n for n in names if names.count(n) > 1)
        raise InputError(f"recipients row 1: column {twice!r} appears twice")
    mobile, ident = names.index("mobile"), names.index("id") if "id" in names else None
    flag = names.index("blacklisted") if "blacklisted" in names else None
    group = names.index("group") if "group" in names else None
    labels = [(i, n) for i, n in enumerate(names) if n not in _KEYS]
    width = len(names)
    for number, row in enumerate(reader, 2):
        if len(row) != width:
            if not row:
                continue
            raise InputError(f"recipients row {number}: {len(row)} columns where the header "
                             f"has {width}")
        blacklisted = False
        if flag is not None:
            blacklisted_text = row[flag].strip().lower()
            if blacklisted_text not in _FLAGS:
                raise InputError(f"recipients row {number}, column blacklisted: {row[flag]!r} "
                                 "is not true/false")
            blacklisted = _FLAGS[blacklisted_text]
        yield Recipient(
            row[mobile].strip(), row[ident] if ident is not None else str(number),
            {name: row[i] for i, name in labels if row[i] != ""}, blacklisted,
            (row[group] or None) if group is not None else None,
        )


def _check(record: Any, number: int) -> Recipient:
    if not isinstance(record, dict):
        raise InputError(f"recipients row {number}: a JSON object is expected")
    unknown = sorted(set(record) - _KEYS)
    if unknown:
        raise InputError(f"recipients row {number}, column {unknown[0]}: unknown key; the "
                         "keys are mobile, id, labels, blacklisted, group")
    if not isinstance(record.get("mobile"), str):
        raise InputError(f"recipients row {number}, column mobile: a string is expected")
    labels = record.get("labels") or {}
    if not isinstance(labels, dict):
        raise InputError(f"recipients row {number}, column labels: an object is expected")
    for name, value in labels.items():
        if not isinstance(value, str):
            raise InputError(f"recipients row {number}, column labels.{name}: a label must "
                             f"be a string, not {type(value).__name__}")
    blacklisted = record.get("blacklisted", False)
    if not isinstance(blacklisted, bool):
        raise InputError(f"recipients row {number}, column blacklisted: true or false")
    group = record.get("group")
    if group is not None and not isinstance(group, str):
        raise InputError(f"recipients row {number}, column group: a string is expected")
    ident = record.get("id", str(number))
    if not isinstance(ident, (str, int)) or isinstance(ident, bool):
        raise InputError(f"recipients row {number}, column id: a string is expected")
    return Recipient(record["mobile"], ident, labels, blacklisted, group)


def read_jsonl(stream: TextIO) -> Iterator[Recipient]:
    """The recipients of a JSON lines stream (see the module docstring)."""
    for number, line in enumerate(stream, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise InputError(f"recipients row {number}: not valid JSON ({error.msg}, "
                             f"column {error.colno})") from None
        yield _check(record, number)


def read_recipients(stream: TextIO, kind: str) -> Iterator[Recipient]:
    """``read_csv`` or ``read_jsonl`` by ``kind`` (``"csv"`` or ``"jsonl"``)."""
    if kind == "csv":
        return read_csv(stream)
    if kind == "jsonl":
        return read_jsonl(stream)
    raise InputError(f"recipients format must be csv or jsonl, not {kind!r}")
