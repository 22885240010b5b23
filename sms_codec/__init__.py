"""sms_codec: what an SMS body costs and how it travels, before it is sent.

>>> import sms_codec
>>> sms_codec.analyze("Hello €").to_dict()["units"]
8
"""

from __future__ import annotations

from ._scan import IMPLEMENTATION
from .analysis import BodyAnalysis, Encoding, analyze, analyze_many, split
from .errors import (
    BodyTypeError,
    DecodeError,
    EncodingError,
    InvalidBodyError,
    MessageTooLongError,
    OptionError,
    SmsCodecError,
)

__version__ = "0.1.0"

__all__ = [
    "IMPLEMENTATION",
    "BodyAnalysis",
    "BodyTypeError",
    "DecodeError",
    "Encoding",
    "EncodingError",
    "InvalidBodyError",
    "MessageTooLongError",
    "OptionError",
    "SmsCodecError",
    "__version__",
    "analyze",
    "analyze_many",
    "split",
]
