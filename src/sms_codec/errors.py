"""The exceptions sms_codec raises: each subclasses :class:`SmsCodecError` and a built-in."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any


class SmsCodecError(Exception):
    """Base class of every error sms_codec raises on purpose."""


class InvalidBodyError(SmsCodecError, ValueError):
    """The body cannot be sent at all (a lone surrogate), with the index of the offender.

    >>> str(InvalidBodyError("lone surrogate U+D800", index=3))
    'lone surrogate U+D800 at index 3'
    """

    def __init__(self, reason: str, *, index: int) -> None:
        super().__init__(f"{reason} at index {index}")
        self.reason = reason
        self.index = index


class BodyTypeError(SmsCodecError, TypeError):
    """An argument has the wrong type (a body that is not ``str``, say)."""


class OptionError(SmsCodecError, ValueError):
    """An option has a value outside its valid set; the message lists the valid values."""


class EncodingError(SmsCodecError, ValueError):
    """GSM-7 was required but some characters have no septet in any allowed table pair.

    ``characters`` holds ``(index, character)`` for every offending position.
    """

    #: How many offending positions the message spells out; ``characters`` has them all.
    SHOWN = 20

    def __init__(self, characters: list[tuple[int, str]]) -> None:
        listed = ", ".join(
            f"{ch!r} (U+{ord(ch):04X}) at index {i}" for i, ch in characters[: self.SHOWN]
        )
        if len(characters) > self.SHOWN:
            listed += f", and {len(characters) - self.SHOWN} more"
        super().__init__(f"not encodable in GSM-7 with the allowed tables: {listed}")
        self.characters = characters


class MessageTooLongError(SmsCodecError, ValueError):
    """The message needs more parts than a concatenation header can number (255)."""


class SizeLimitError(SmsCodecError, ValueError):
    """An argument is longer than the documented bound of the function it was given to.

    ``argument`` names it, ``size`` is its length and ``limit`` the bound (see
    ``docs/limits.md``).

    >>> str(SizeLimitError("body", size=2_000_000, limit=1_000_000))
    'body has 2000000 characters; the bound is 1000000'
    """

    def __init__(self, argument: str, *, size: int, limit: int, unit: str = "characters") -> None:
        super().__init__(f"{argument} has {size} {unit}; the bound is {limit}")
        self.argument = argument
        self.size = size
        self.limit = limit


class RowError(SmsCodecError, ValueError):
    """A row of a column cannot be analysed: ``row`` is its index, ``reason`` says why.

    >>> str(RowError("invalid UTF-8 at byte 3", row=7))
    'row 7: invalid UTF-8 at byte 3'
    """

    def __init__(self, reason: str, row: int | None = None) -> None:
        if row is None:  # rebuilt from its message, as Polars re-raises an error
            head, colon, rest = reason.partition(": ")
            if colon and head.startswith("row ") and head[4:].isdigit():
                row, reason = int(head[4:]), rest
        # args are (reason, row): the error pickles (Spark, Dask workers) and rebuilds.
        super().__init__(reason, row)
        self.reason = reason
        self.row = row

    def __str__(self) -> str:
        return self.reason if self.row is None else f"row {self.row}: {self.reason}"


class DecodeError(SmsCodecError, ValueError):
    """Inbound user data is malformed; the message names the offending octet."""


class ArgumentTypeError(SmsCodecError, TypeError):
    """An argument has the wrong type; the message names the argument.

    >>> isinstance(ArgumentTypeError("concat_reference must be int, not list"), TypeError)
    True
    """


class LinkError(SmsCodecError, ValueError):
    """A URL, base URL, code length, validity, tag or store URL is not acceptable.

    >>> isinstance(LinkError("x"), ValueError)
    True
    """


class StoreError(SmsCodecError, RuntimeError):
    """A link store could not do what was asked (no free code left, a corrupt record)."""


class MissingDependencyError(SmsCodecError, ImportError):
    """An optional dependency (``redis``, ``maxminddb``) is needed but not installed."""


class ReassemblyConflictError(SmsCodecError, ValueError):
    """A segment contradicts one already held for the same group and sequence number.

    The segment already held is kept; ``kept`` and ``rejected`` are the two
    :class:`~sms_codec.wire.DecodedSegment` values and ``concat`` their
    :class:`~sms_codec.wire.Concat` header.
    """

    def __init__(
        self,
        reason: str,
        *,
        sender: Hashable,
        concat: Any,
        kept: Any,
        rejected: Any,
    ) -> None:
        super().__init__(
            f"{reason}: sender {sender!r}, reference {concat.reference}, "
            f"part {concat.sequence} of {concat.total}"
        )
        self.sender = sender
        self.concat = concat
        self.kept = kept
        self.rejected = rejected


class InputError(OptionError):
    """A recipient file, request or price list is malformed; the message names the row
    (or position) and the column.

    >>> isinstance(InputError("recipients row 3, column mobile: empty"), ValueError)
    True
    """


class CampaignRejectedError(SmsCodecError, ValueError):
    """``estimate_campaign(..., strict=True)``: the campaign would be refused as a whole,
    as Routee refuses it; ``status`` and ``code`` are Routee's (``status`` 400005000 with
    ``code`` "008" for invalid numbers, 400009004 with ``code`` None for no recipient).

    ``invalid`` lists ``(recipient, reason)`` of every refused number.

    >>> e = CampaignRejectedError("no recipients", status=400009004)
    >>> e.status, e.code, e.invalid
    (400009004, None, ())
    """

    def __init__(
        self,
        message: str,
        *,
        status: int,
        code: str | None = None,
        invalid: tuple[tuple[str, str], ...] = (),
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.invalid = invalid
