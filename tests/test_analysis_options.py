"""analyze() with transcode= (issue 5) and short_links= (issue 6), on both kernel twins."""

from __future__ import annotations

import json

import pytest

from sms_codec import OptionError, ShortLinks, analyze, analyze_many

pytestmark = pytest.mark.usefixtures("twin")

SHORT = ShortLinks("https://sms.example/", 7)  # every short link is 27 characters


def test_transcode_offered_for_ucs2_body() -> None:
    result = analyze("Привет", transcode=True)
    assert (result.encoding, result.parts) == ("UCS2", 1)
    assert result.transcode is not None
    assert (result.transcode.message, result.transcode.parts) == ("Privet", 1)
    assert result.transcode.encoding == "GSM7"
    assert len(result.transcode.replacements) == 6
    data = result.to_dict()
    assert data["transcode"] == {"message": "Privet", "parts": 1}
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data


def test_transcode_by_mode_name() -> None:
    result = analyze("Καλημέρα", transcode="GREEK")
    assert result.transcode is not None
    assert result.transcode.message == "KAΛHMEPA"


def test_transcode_saves_parts() -> None:
    body = "Добрый день! Ваш заказ готов к выдаче. " * 3  # 117 UTF-16 units: 2 parts
    result = analyze(body, transcode="CYRILLIC")
    assert (result.encoding, result.parts) == ("UCS2", 2)
    assert result.transcode is not None
    assert result.transcode.message.startswith("Dobryy den'! Vash zakaz gotov k vydache. ")
    assert result.transcode.parts == 1


def test_no_transcode_for_gsm_body() -> None:
    result = analyze("Hello [world]", transcode=True)
    assert result.transcode is None
    assert "transcode" not in result.to_dict()
    assert analyze("ş", language="tr", transcode=True).transcode is None


def test_no_transcode_unless_asked() -> None:
    assert analyze("Привет").transcode is None
    assert analyze("Привет", transcode=False).transcode is None
    assert "transcode" not in analyze("Привет").to_dict()


def test_transcode_absent_when_still_not_gsm() -> None:
    # Chinese has no GSM rendering in the SMART mode (typography only).
    assert analyze("中文", transcode="SMART").transcode is None


def test_transcode_bad_mode() -> None:
    with pytest.raises(OptionError, match="'GREEK'"):
        analyze("Привет", transcode="KLINGON")


def test_transcode_never_rewrites_a_link() -> None:
    # The Cyrillic path of the link stays as written, so the text stays UCS-2 and there
    # is no GSM-7 version to offer, unless the link travels as a short link.
    body = "Привет https://example.com/акция"
    assert analyze(body, transcode=True).transcode is None
    offer = analyze(body, transcode=True, short_links=SHORT).transcode
    assert offer is not None
    assert offer.message == "Privet https://example.com/акция"


def test_short_links_price_the_body_as_sent() -> None:
    url = "https://example.com/a/very/long/path?with=query&and=more&utm_source=sms"  # 71
    body = f"Your order shipped: {url} Thanks!"  # 20 + 71 + 8 = 99 characters
    result = analyze(body, short_links=SHORT)
    assert (result.characters, result.units, result.parts) == (55, 55, 1)
    assert result.remaining == 105
    assert result.original is not None
    assert (result.original.characters, result.original.units) == (99, 99)
    assert result.to_dict()["original"]["units"] == 99


def test_short_links_save_parts() -> None:
    url = "https://shop.example.com/" + "p" * 140
    body = "Sale: " + url
    assert analyze(body).parts == 2
    result = analyze(body, short_links=SHORT)
    assert (result.parts, result.units) == (1, 33)
    assert result.original is not None and result.original.parts == 2


def test_short_links_with_ucs2_and_transcode() -> None:
    body = "Привет https://example.com/акция"  # 32 characters, the link 25
    result = analyze(body, short_links=SHORT, transcode=True)
    assert (result.encoding, result.units) == ("UCS2", 34)  # "Привет " + 27
    assert result.original is not None and result.original.units == 32
    assert result.transcode is not None
    assert result.transcode.message == "Privet https://example.com/акция"
    assert (result.transcode.parts, result.transcode.encoding) == (1, "GSM7")


def test_short_links_without_links_change_nothing() -> None:
    result = analyze("No links here", short_links=SHORT)
    assert result.units == 13
    assert result.original is not None and result.original.units == 13


def test_analyze_many_passes_options() -> None:
    results = analyze_many(["Привет", "hi"], transcode=True)
    assert results[0].transcode is not None and results[0].transcode.message == "Privet"
    assert results[1].transcode is None
