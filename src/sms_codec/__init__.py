"""sms_codec: what an SMS body costs and how it travels, before it is sent.

>>> import sms_codec
>>> sms_codec.analyze("Hello €").to_dict()["units"]
8
"""

from __future__ import annotations

from . import pdu
from ._scan import IMPLEMENTATION
from ._version import __version__
from .analysis import BodyAnalysis, Encoding, analyze, analyze_many, split
from .codec import register as _register_codecs
from .errors import (
    BodyTypeError,
    DecodeError,
    EncodingError,
    InvalidBodyError,
    MessageTooLongError,
    OptionError,
    SizeLimitError,
    SmsCodecError,
)
from .estimate import CampaignEstimate, estimate_campaign
from .links import shorten
from .reassembly import Message, PendingGroup, Reassembler, ReassemblyConflictError
from .transliteration import Mode as TransliterationMode
from .transliteration import Replacement, Transcode, Transliteration, preview, transliterate
from .urls import ShortLinks, find_urls
from .wire import Concat, DecodedSegment, Segment, decode, encode

_register_codecs()

__all__ = [
    "IMPLEMENTATION",
    "BodyAnalysis",
    "BodyTypeError",
    "CampaignEstimate",
    "Concat",
    "DecodeError",
    "DecodedSegment",
    "Encoding",
    "EncodingError",
    "InvalidBodyError",
    "Message",
    "MessageTooLongError",
    "OptionError",
    "PendingGroup",
    "Reassembler",
    "ReassemblyConflictError",
    "Replacement",
    "Segment",
    "ShortLinks",
    "SizeLimitError",
    "SmsCodecError",
    "Transcode",
    "Transliteration",
    "TransliterationMode",
    "__version__",
    "analyze",
    "analyze_many",
    "decode",
    "encode",
    "estimate_campaign",
    "find_urls",
    "pdu",
    "preview",
    "shorten",
    "split",
    "transliterate",
]
