"""Every name the modules offered before the reshaping is still where it was documented.

The lists are the public names of 0.1.0 as first released (``__all__``, or the public
classes and functions where a module had none); a name may move, never vanish.
"""

from __future__ import annotations

import importlib

import pytest

PUBLIC = {
    "__init__": [
        "BodyAnalysis",
        "BodyTypeError",
        "CampaignEstimate",
        "Concat",
        "DecodeError",
        "DecodedSegment",
        "Encoding",
        "EncodingError",
        "IMPLEMENTATION",
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
    ],
    "analysis": [
        "BodyAnalysis",
        "Encoding",
        "Plan",
        "analyze",
        "analyze_many",
        "encodable_characters",
        "gsm_capacity",
        "plan",
        "resolve_languages",
        "split",
        "ucs2_capacity",
    ],
    "transliteration": [
        "FALLBACKS",
        "Mode",
        "Replacement",
        "Transcode",
        "Transliteration",
        "preview",
        "transcode_for_analysis",
        "transliterate",
    ],
    "wire": [
        "Concat",
        "DCS_8BIT",
        "DCS_GSM7",
        "DCS_UCS2",
        "DecodedSegment",
        "ESM_CLASS_UDHI",
        "MAX_PARTS",
        "Segment",
        "UserDataHeader",
        "decode",
        "encode",
        "pack_septets",
        "parse_udh",
        "unpack_septets",
    ],
    "links": [
        "ClickEvent",
        "Link",
        "LinkError",
        "LinkStore",
        "MemoryStore",
        "MissingDependencyError",
        "RedisStore",
        "SQLiteStore",
        "ShortLinks",
        "ShortUrl",
        "Shortened",
        "Shortener",
        "StoreError",
        "UrlSpan",
        "find_urls",
        "open_store",
        "shorten",
    ],
    "tracking": [
        "ClickEvent",
        "GeoResolver",
        "MaxMindGeo",
        "MissingDependencyError",
        "RedirectApp",
        "create_app",
        "is_bot",
        "make_server",
        "parse_user_agent",
    ],
    "reassembly": ["Message", "PendingGroup", "Reassembler", "ReassemblyConflictError"],
    "playground": [
        "MAX_BODY_CHARACTERS",
        "MAX_REQUEST_BYTES",
        "FieldError",
        "PlaygroundApp",
        "PlaygroundServer",
        "Request",
        "analysis_response",
        "create_app",
        "make_server",
        "parse_request",
    ],
    "pdu": [
        "Deliver",
        "decode_timestamp",
        "encode_address",
        "encode_timestamp",
        "parse_deliver",
        "relative_validity",
        "submit",
    ],
    "codec": ["CODEC_NAMES", "register"],
    "estimate": [
        "Campaign", "CampaignEstimate", "PartialEstimate", "PriceList", "Recipient",
        "estimate_campaign", "estimate_request", "load_prices", "recipients_of",
    ],
    "errors": [
        "BodyTypeError",
        "DecodeError",
        "EncodingError",
        "InvalidBodyError",
        "MessageTooLongError",
        "OptionError",
        "SizeLimitError",
        "SmsCodecError",
    ],
}


@pytest.mark.parametrize("module", sorted(PUBLIC))
def test_names_stay_importable(module: str) -> None:
    name = "sms_codec" if module == "__init__" else f"sms_codec.{module}"
    imported = importlib.import_module(name)
    missing = [n for n in PUBLIC[module] if not hasattr(imported, n)]
    assert not missing, f"{name} lost {missing}"


def test_top_level_all_is_unchanged() -> None:
    import sms_codec

    assert sorted(sms_codec.__all__) == PUBLIC["__init__"]
