"""The campaign estimate over Arrow columns: recipients as a table or a record batch
stream, one row a record, read batch by batch into one :class:`PartialEstimate`.

A row is what :class:`~sms_codec.estimate.Recipient` is: a ``mobile`` string column
(the number as given), and optionally ``id`` (the contact id; null for a plain ``to``
number), ``blacklisted`` (bool; null reads as not flagged, as an absent key does in a
contact record) and ``group`` (string; null for ``to`` and ``contacts``). Every other
column is a label (or name the label columns with ``labels=``); a null label value is
an absent label, so the fallback applies. Rows are read in order, so the precedence of
:func:`~sms_codec.estimate_campaign` (the first record of a number gives its labels) is
that of row order.

The same per-batch reading is what a Spark partition runs
(:func:`sms_codec.spark.estimate_campaign`): :func:`dumps` of its partial estimate
travels to the driver, :func:`loads` and :meth:`~PartialEstimate.merge` join them.

>>> import pyarrow as pa
>>> table = pa.table({"mobile": ["+306912345678", "+306912345679", "+30 691 234 5678"],
...                   "name": ["Ana", None, "Zoe"]})
>>> e = estimate_arrow("Hi [~name]", table, fallback_values={"name": "you"},
...                    prices={"GR": "0.05"})
>>> e.number_of_recipients, e.duplicates, str(e.cost_total)
(2, 1, '0.10')
"""

from __future__ import annotations

import pickle
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from typing_extensions import Unpack

from ._checks import check_type, optional_module
from ._estimate_columns import columnar, columns_of, tally_of
from ._estimate_report import assemble
from .errors import ArgumentTypeError
from .estimate import Campaign, CampaignEstimate, Options, PartialEstimate, spelled_out

__all__ = ["Columns", "add_batch", "batches", "dumps", "estimate_arrow", "estimate_of",
           "loads", "partial_of"]

#: Pickle protocol of :func:`dumps` (5: Python >= 3.8 reads it).
PROTOCOL = 5


def _pyarrow() -> Any:
    return optional_module("pyarrow", "arrow", "sms_codec.estimate_arrow")


class Columns:
    """Which columns of a recipients table hold what (see the module).

    ``number`` must be present; ``id``, ``blacklisted`` and ``group`` are read when the
    table has them (``None``: never). ``labels``: the label columns, or ``None`` for
    every column but those four.

    >>> Columns(labels=["name"]).names()
    ('mobile', 'id', 'blacklisted', 'group')
    """

    def __init__(
        self,
        number: str = "mobile",
        *,
        id: str | None = "id",
        blacklisted: str | None = "blacklisted",
        group: str | None = "group",
        labels: Sequence[str] | None = None,
    ) -> None:
        check_type(number, "number", str, "a str")
        for value, name in ((id, "id"), (blacklisted, "blacklisted"), (group, "group")):
            if value is not None:
                check_type(value, name, str, "None or a str")
        if labels is not None:
            if isinstance(labels, str) or not isinstance(labels, Sequence):
                raise ArgumentTypeError(
                    f"labels must be None or a sequence of column names, not "
                    f"{type(labels).__name__}"
                )
            for position, label in enumerate(labels):
                check_type(label, f"labels[{position}]", str, "a str")
        self.number, self.id, self.blacklisted, self.group = number, id, blacklisted, group
        self.labels = None if labels is None else tuple(labels)

    def names(self) -> tuple[str, ...]:
        """The number, id, blacklisted and group column names (those not ``None``)."""
        return tuple(n for n in (self.number, self.id, self.blacklisted, self.group) if n)


def batches(recipients: Any) -> Iterator[Any]:
    """The ``pyarrow.RecordBatch`` es of ``recipients``: a table, a record batch, a
    record batch reader, or any object of the Arrow PyCapsule interface
    (``__arrow_c_stream__``: Polars and DuckDB results; ``__arrow_c_array__``: a struct
    array or record batch).

    >>> import pyarrow as pa
    >>> [b.num_rows for b in batches(pa.table({"mobile": ["+1", "+2"]}))]
    [2]
    """
    pa = _pyarrow()
    if isinstance(recipients, pa.RecordBatch):
        yield recipients
    elif isinstance(recipients, pa.Table):
        yield from recipients.to_batches()
    elif isinstance(recipients, pa.RecordBatchReader):
        yield from recipients
    elif hasattr(type(recipients), "__arrow_c_stream__"):
        yield from pa.RecordBatchReader.from_stream(recipients)
    elif hasattr(type(recipients), "__arrow_c_array__"):
        yield pa.record_batch(recipients)
    else:
        raise ArgumentTypeError(
            "recipients must be an Arrow table or record batch stream (an object with "
            f"__arrow_c_stream__ or __arrow_c_array__), not {type(recipients).__name__}"
        )


def _records(part: dict[str, Any], names: tuple[str, ...]
             ) -> Iterable[tuple[Any, Any, Any, Any, Any]]:
    """The records of one batch's checked columns (:func:`columns_of`)."""
    mobiles = part["mobile"].to_pylist()
    rows = len(mobiles)
    none = [None] * rows
    ids = part["id"].to_pylist() if "id" in part else none
    groups = part["group"].to_pylist() if "group" in part else none
    flags = part["blacklisted"].to_pylist() if "blacklisted" in part else None
    flagged = [flag is True for flag in flags] if flags else [False] * rows
    present = [(n, part["label:" + n].to_pylist()) for n in names if "label:" + n in part]
    if not present:
        return zip(mobiles, ids, none, flagged, groups, strict=True)
    return zip(mobiles, ids, _label_dicts(present), flagged, groups, strict=True)


def _label_dicts(present: list[tuple[str, Any]]) -> Iterator[dict[str, Any]]:
    """One ``{label: value}`` per row, made as the row is read and freed after it (a
    list of them would hold a batch of dicts for the collector to walk, again and
    again); for one or two labels (the common templates) a literal, three times faster
    than ``dict(zip(...))``."""
    if len(present) == 1:
        (k0, c0), = present
        return ({k0: a} for a in c0)
    if len(present) == 2:
        (k0, c0), (k1, c1) = present
        return ({k0: a, k1: b} for a, b in zip(c0, c1, strict=True))
    label_names = [n for n, _ in present]
    return (dict(zip(label_names, values, strict=True))
            for values in zip(*(v for _, v in present), strict=True))


def add_batch(partial: PartialEstimate, batch: Any, columns: Columns | None = None,
              offset: int = 0) -> None:
    """Read one ``pyarrow.RecordBatch`` of recipients into ``partial`` (``offset``: the
    index of its first row in the whole input, for error messages).

    >>> import pyarrow as pa
    >>> partial = PartialEstimate(Campaign.build("Hi"))
    >>> add_batch(partial, pa.record_batch({"mobile": ["+306912345678"]}))
    >>> len(partial.numbers)
    1
    """
    check_type(partial, "partial", PartialEstimate, "a PartialEstimate")
    columns = Columns() if columns is None else columns
    check_type(columns, "columns", Columns, "a Columns")
    names = partial.campaign.template.names
    partial.add(_records(columns_of(batch, columns, names, offset), names))


def partial_of(campaign: Campaign, recipients: Any, columns: Columns | None = None
               ) -> PartialEstimate:
    """A :class:`PartialEstimate` of every batch of ``recipients``, in order.

    >>> import pyarrow as pa
    >>> campaign = Campaign.build("Hi")
    >>> left = partial_of(campaign, pa.table({"mobile": ["+306912345678"]}))
    >>> right = partial_of(campaign, pa.table({"mobile": ["+30 691 234 5678"]}))
    >>> left.merge(right).finish().duplicates
    1
    """
    partial = PartialEstimate(campaign)
    offset = 0
    for batch in batches(recipients):
        add_batch(partial, batch, columns, offset)
        offset += batch.num_rows
    return partial


def dumps(partial: PartialEstimate) -> bytes:
    """``partial``'s recipients as bytes, without its campaign (the receiver has it).

    Per distinct number it holds the E.164 form, the region, the label values, the
    groups and the flag, and each contact id once: what a merge needs to count a number
    seen in two batches once. The bytes are a pickle: :func:`loads` only what this
    function wrote, in a job of your own.

    >>> campaign = Campaign.build("Hi")
    >>> partial = PartialEstimate(campaign)
    >>> partial.add([("+306912345678", None, None, False, None)])
    >>> list(loads(campaign, dumps(partial)).numbers)
    ['+306912345678']
    """
    check_type(partial, "partial", PartialEstimate, "a PartialEstimate")
    state = (partial.numbers, partial.contacts, partial.to_entries, partial.invalid)
    return pickle.dumps(state, protocol=PROTOCOL)


def loads(campaign: Campaign, data: bytes) -> PartialEstimate:
    """The :class:`PartialEstimate` of ``campaign`` that :func:`dumps` wrote as ``data``."""
    check_type(campaign, "campaign", Campaign, "a Campaign")
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise ArgumentTypeError(f"data must be bytes, not {type(data).__name__}")
    numbers, contacts, to_entries, invalid = pickle.loads(data)
    partial = PartialEstimate(campaign)
    keys = partial.keys
    partial.numbers = {
        e164: (region, keys.setdefault(key, key), direct, groups, flagged)
        for e164, (region, key, direct, groups, flagged) in numbers.items()
    }
    partial.contacts, partial.to_entries, partial.invalid = contacts, to_entries, invalid
    return partial


@spelled_out
def estimate_arrow(
    body: str,
    recipients: Any,
    *,
    columns: Columns | None = None,
    **options: Unpack[Options],
) -> CampaignEstimate:
    """:func:`~sms_codec.estimate_campaign` over the rows of an Arrow table or record
    batch stream of recipients (``columns`` names its columns: :class:`Columns`); every
    other argument is the same. Equals ``estimate_campaign`` over the same records.

    >>> import pyarrow as pa
    >>> table = pa.table({"mobile": ["+306912345678", "+905321234567"],
    ...                   "id": ["a", "b"], "group": [None, "vip"],
    ...                   "name": ["Ana", "Şule"]})
    >>> e = estimate_arrow("Hi [~name]", table)
    >>> e.parts_histogram, e.recipients_per_group
    ({1: 2}, {'vip': 1})
    """
    campaign = Campaign.build(body, **options)
    return estimate_of(campaign, recipients, columns)


def estimate_of(campaign: Campaign, recipients: Any, columns: Columns | None = None
                ) -> CampaignEstimate:
    """The estimate of ``campaign`` over ``recipients``, counted as columns (see
    :mod:`sms_codec._estimate_columns`): equal to ``partial_of(...).finish()``.

    >>> import pyarrow as pa
    >>> table = pa.table({"mobile": ["+306912345678"]})
    >>> estimate_of(Campaign.build("Hi"), table).number_of_messages
    1
    """
    pa = _pyarrow()
    columns = Columns() if columns is None else columns
    check_type(columns, "columns", Columns, "a Columns")
    names = campaign.template.names
    parts, offset = [], 0
    for batch in batches(recipients):
        parts.append(columns_of(batch, columns, names, offset))
        offset += batch.num_rows
    if offset == 0 or any("id" in p and not columnar(pa, p["id"].type) for p in parts):
        # No row, or contact ids Arrow does not hash as Python does: the records path.
        partial = PartialEstimate(campaign)
        for part in parts:
            partial.add(_records(part, names))
        return partial.finish()
    tally, blacklist, unreadable = tally_of(campaign, parts)
    return assemble(campaign, tally, blacklist, unreadable)
