"""The recipients of a columnar estimate as counts: :class:`ColumnCounts` (the interface
of :class:`~sms_codec._estimate_savings.Counts`, counted by ``pyarrow.compute``) and
:class:`Lazy`, a mapping made only when it is first read (the per-recipient tables of a
:class:`~sms_codec._estimate_report.CampaignEstimate`, which only ``to_dict`` and
``recipients`` read).

>>> table = Lazy(lambda: {"+306912345678": 1})
>>> len(table), table["+306912345678"]
(1, 1)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Iterator, Mapping
from typing import Any

from ._checks import optional_module

__all__ = ["ColumnCounts", "Lazy"]


class Lazy(Mapping[Any, Any]):
    """A mapping built by ``make()`` when it is first read."""

    def __init__(self, make: Callable[[], dict[Any, Any]]) -> None:
        self._make: Callable[[], dict[Any, Any]] | None = make
        self._data: dict[Any, Any] = {}

    @property
    def data(self) -> dict[Any, Any]:
        """The mapping itself."""
        if self._make is not None:
            self._data, self._make = self._make(), None
        return self._data

    def __getitem__(self, key: Any) -> Any:
        return self.data[key]

    def __iter__(self) -> Iterator[Any]:
        return iter(self.data)

    def __len__(self) -> int:
        return len(self.data)

    def items(self) -> Any:
        return self.data.items()

    def values(self) -> Any:
        return self.data.values()

    def __reduce__(self) -> tuple[Any, ...]:
        return dict, (self.data,)


class ColumnCounts:
    """Recipients as ``(code, region, count)`` rows (one per distinct pair; ``code``
    numbers a body key) and ``keys``: the key of each code, in order of first recipient.

    ``per_key``, :meth:`by_key` and :meth:`region_parts` answer as
    :class:`~sms_codec._estimate_savings.Counts` does over one row per recipient.
    """

    def __init__(self, pairs: Any, codes: list[int], keys: list[Any], counts: list[int],
                 regions: list[str]) -> None:
        self.pairs, self.regions = pairs, regions
        self.codes = codes
        self.code_of = dict(zip(keys, codes, strict=True))
        self.per_key: Counter[Any] = Counter(dict(zip(keys, counts, strict=True)))

    def by_key(self, wanted: Collection[Any]) -> dict[Any, list[tuple[str, int]]]:
        """``{key: [(region, recipients), ...]}`` for the keys in ``wanted``."""
        pa = optional_module("pyarrow", "arrow", "sms_codec.estimate_arrow")
        pc = optional_module("pyarrow.compute", "arrow", "sms_codec.estimate_arrow")
        code_of = self.code_of
        key_of = {code_of[k]: k for k in wanted if k in code_of}
        rows = self.pairs.filter(pc.is_in(self.pairs["code"],
                                          value_set=pa.array(list(key_of), pa.int64())))
        out: dict[Any, list[tuple[str, int]]] = {}
        regions = self.regions
        for code, region, n in zip(rows["code"].to_pylist(), rows["region"].to_pylist(),
                                   rows["n"].to_pylist(), strict=True):
            out.setdefault(key_of[code], []).append((regions[region], n))
        return out

    def region_parts(self, parts_of: Mapping[Any, int]) -> Counter[tuple[str, int]]:
        """``{(region, parts): recipients}``, ``parts_of`` giving each key's parts."""
        pa = optional_module("pyarrow", "arrow", "sms_codec.estimate_arrow")
        pc = optional_module("pyarrow.compute", "arrow", "sms_codec.estimate_arrow")
        parts = pa.array([parts_of[k] for k in self.per_key], pa.int64())
        where = pc.index_in(self.pairs["code"], value_set=pa.array(self.codes, pa.int64()))
        table = pa.table({"region": self.pairs["region"], "parts": pc.take(parts, where),
                          "n": self.pairs["n"]})
        summed = table.group_by(["region", "parts"], use_threads=False).aggregate(
            [("n", "sum")])
        regions = self.regions
        return Counter({
            (regions[region], parts): n for region, parts, n in zip(
                summed["region"].to_pylist(), summed["parts"].to_pylist(),
                summed["n_sum"].to_pylist(), strict=True)
        })
