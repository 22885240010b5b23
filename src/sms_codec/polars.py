"""A Polars expression namespace: ``pl.col("body").sms.parts()``, ``.sms.encoding()`` and
``.sms.analysis()`` (a struct), each a call of :func:`sms_codec.arrow.analyze_array` per
batch of rows.

Importing this module registers the ``sms`` namespace (when Polars is installed);
:func:`register` does it again explicitly. Needs the ``polars`` extra
(``pip install 'sms-codec[polars]'``, which brings pyarrow).
"""

from __future__ import annotations

import importlib
from typing import Any

from ._checks import optional_module
from .arrow import analyze_array

__all__ = ["SmsNamespace", "register"]


class SmsNamespace:
    """The ``sms`` namespace of a Polars expression.

    >>> import polars as pl
    >>> frame = pl.DataFrame({"body": ["hi", None, "a" * 161]})
    >>> frame.select(pl.col("body").sms.parts())["body"].to_list()
    [1, None, 2]
    """

    def __init__(self, expression: Any) -> None:
        self._expression = expression

    def _map(self, pick: Any, dtype: Any, errors: str) -> Any:
        polars = optional_module("polars", "polars", "the polars sms namespace")

        def run(series: Any) -> Any:
            return polars.Series(series.name, pick(analyze_array(series, errors=errors)))

        return self._expression.map_batches(run, return_dtype=dtype, is_elementwise=True)

    def parts(self, *, errors: str = "raise") -> Any:
        """Parts of each body (Int32)."""
        polars = optional_module("polars", "polars", "the polars sms namespace")
        return self._map(lambda r: r.field("parts"), polars.Int32, errors)

    def encoding(self, *, errors: str = "raise") -> Any:
        """``"GSM7"`` or ``"UCS2"`` for each body (String)."""
        polars = optional_module("polars", "polars", "the polars sms namespace")
        return self._map(lambda r: r.field("encoding").cast("string"), polars.String, errors)

    def analysis(self, *, errors: str = "raise") -> Any:
        """The analysis of each body as a struct (the fields of ``analyze_array``, the
        encoding as a string)."""
        polars = optional_module("polars", "polars", "the polars sms namespace")
        names = ["characters", "encoding", "units", "parts", "remaining", "unicode"]
        if errors == "null":
            names.append("error")
        dtype = polars.Struct({
            name: polars.String if name in ("encoding", "error")
            else polars.Boolean if name == "unicode" else polars.Int32
            for name in names
        })

        def pick(result: Any) -> Any:
            fields = [result.field(k) for k in range(len(names))]
            fields[1] = fields[1].cast("string")
            return type(result).from_arrays(fields, names=names, mask=result.is_null())

        return self._map(pick, dtype, errors)


def register() -> None:
    """Register the ``sms`` expression namespace with Polars (idempotent).

    >>> register()
    """
    polars = optional_module("polars", "polars", "sms_codec.polars.register")
    if "sms" not in getattr(polars.api, "_sms_codec_registered", ()):
        polars.api.register_expr_namespace("sms")(SmsNamespace)
        polars.api._sms_codec_registered = ("sms",)


try:
    importlib.import_module("polars")
except ImportError:  # registered on demand by register()
    pass
else:
    register()
