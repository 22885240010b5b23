"""The exceptions sms_codec raises: each subclasses :class:`SmsCodecError` and a built-in."""

from __future__ import annotations


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


class DecodeError(SmsCodecError, ValueError):
    """Inbound user data is malformed; the message names the offending octet."""
