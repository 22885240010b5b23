"""The analysis rules of issue 2, each with exact numbers (run on both kernel twins)."""

from __future__ import annotations

import json

import pytest

import sms_codec
from sms_codec import (
    BodyTypeError,
    EncodingError,
    InvalidBodyError,
    OptionError,
    SmsCodecError,
    analyze,
    split,
)
from sms_codec.errors import ArgumentTypeError

pytestmark = pytest.mark.usefixtures("twin")

TURKISH = (
    "Artık Ulusal Dil Tanımlayıcısı ile Türkçe karakterli smslerinizi rahatlıkla iletebilirsiniz."
)


@pytest.mark.parametrize(
    ("septets", "parts", "remaining"),
    [
        (0, 1, 160), (1, 1, 159), (2, 1, 158), (80, 1, 80), (159, 1, 1), (160, 1, 0),
        (161, 2, 145), (240, 2, 66), (305, 2, 1), (306, 2, 0), (307, 3, 152), (320, 3, 139),
    ],
)
def test_gsm_septet_vectors(septets: int, parts: int, remaining: int) -> None:
    result = analyze("a" * septets)
    assert result.encoding == "GSM7"
    assert (result.units, result.parts, result.remaining) == (septets, parts, remaining)
    assert result.units_per_part == (160 if parts == 1 else 153)


@pytest.mark.parametrize(
    ("units", "parts", "remaining"),
    [
        (1, 1, 69), (2, 1, 68), (35, 1, 35), (69, 1, 1), (70, 1, 0), (71, 2, 63),
        (100, 2, 34), (133, 2, 1), (134, 2, 0), (135, 3, 66), (160, 3, 41),
    ],
)
def test_ucs2_unit_vectors(units: int, parts: int, remaining: int) -> None:
    result = analyze("Ж" * units)
    assert result.encoding == "UCS2"
    assert result.unicode is True
    assert (result.units, result.parts, result.remaining) == (units, parts, remaining)


def test_line_breaks() -> None:
    assert analyze("a" * 80 + "\r\n" + "a" * 79).parts == 2
    assert analyze("a" * 80 + "\n" + "a" * 79).parts == 1
    assert analyze("a" * 200 + "\r\n" + "a" * 105).parts == 3


def test_precomposed_versus_combining() -> None:
    precomposed = analyze("é" * 70)
    assert (precomposed.encoding, precomposed.parts, precomposed.units) == ("GSM7", 1, 70)
    combining = analyze("e\u0301" * 70)
    assert (combining.encoding, combining.parts, combining.units) == ("UCS2", 3, 140)
    assert combining.unsupported_gsm_characters == ("\u0301",)


def test_cjk() -> None:
    assert analyze("中" * 70).parts == 1
    assert analyze("中" * 71).parts == 2


def test_section_sign_backtick_form_feed() -> None:
    assert analyze("§").encoding == "GSM7"
    tick = analyze("a`b")
    assert tick.encoding == "UCS2"
    assert tick.unsupported_gsm_characters == ("`",)
    feed = analyze("\f")
    assert (feed.encoding, feed.units) == ("GSM7", 2)


def test_65_characters() -> None:
    result = analyze("x" * 65)
    assert (result.parts, result.remaining) == (1, 95)


def test_escape_pair_never_split() -> None:
    result = analyze("]" * 153)
    assert (result.units, result.parts, result.remaining) == (306, 3, 151)
    assert [len(p) for p in split("]" * 153)] == [76, 76, 1]
    # 152 plain septets then one escaped character: the pair moves to part 2.
    assert [len(p) for p in split("a" * 152 + "€" + "a" * 10)] == [152, 11]


def test_surrogate_pair_never_split() -> None:
    result = analyze("😀" * 67)
    assert (result.units, result.parts, result.remaining) == (134, 3, 65)
    assert [len(p) for p in split("😀" * 67)] == [33, 33, 1]


def test_grapheme_cluster_kept_whole() -> None:
    family = "👨\u200d👩\u200d👧"  # 8 UTF-16 units, one cluster
    body = "a" * 60 + family + "b" * 10
    assert [len(p) for p in split(body)] == [60, 15]
    result = analyze(body)
    assert (result.units, result.parts, result.remaining) == (78, 2, 49)
    flags = "🇬🇷" * 20  # 80 units, clusters of 4
    assert [len(p) for p in split(flags)] == [32, 8]


def test_oversized_cluster_cut_between_code_points() -> None:
    body = "e" + "\u0301" * 80  # one cluster of 81 units, larger than a 67-unit part
    assert [len(p) for p in split(body)] == [67, 14]
    assert analyze(body).parts == 2


def test_empty_body() -> None:
    result = analyze("")
    assert (result.encoding, result.units, result.parts, result.remaining) == ("GSM7", 0, 1, 160)
    assert split("") == [""]


def test_turkish_infobip_example() -> None:
    plain = analyze(TURKISH)
    assert (plain.encoding, plain.parts) == ("UCS2", 2)
    assert plain.unsupported_gsm_characters == ("ı", "ç")
    turkish = analyze(TURKISH, language="tr")
    assert (turkish.encoding, turkish.parts) == ("GSM7", 1)
    assert (turkish.locking_shift, turkish.single_shift) == ("tr", None)
    assert (turkish.units, turkish.units_per_part, turkish.remaining) == (92, 155, 63)
    assert analyze(TURKISH, language="TR") == turkish
    assert analyze(TURKISH, language="AUTODETECT").locking_shift == "tr"


@pytest.mark.parametrize("language", [None, "NONE", "none", ()])
def test_no_language_means_default_tables(language: object) -> None:
    result = analyze("ş", language=language)  # type: ignore[arg-type]
    assert result.encoding == "UCS2"


def test_single_shift_only() -> None:
    # Spanish has no locking table; 'é' is in the default alphabet, 'á' only in the Spanish
    # single shift table (2 septets).
    result = analyze("Spanish á and é", language="es")
    assert (result.locking_shift, result.single_shift) == (None, "es")
    assert (result.units, result.units_per_part, result.remaining) == (16, 155, 139)


def test_mixed_pair_portuguese_locking_turkish_single() -> None:
    # 'ã' is in the Portuguese locking table (1 septet) and single table (2); 'ş' is in the
    # Turkish locking table (1) and single table (2). Four 'ã' and one 'ş': Portuguese
    # locking + Turkish single costs 4 + 2 = 6 septets, the reverse 8 + 1 = 9.
    result = analyze("ããããş", language=["pt", "tr"])
    assert (result.encoding, result.locking_shift, result.single_shift) == ("GSM7", "pt", "tr")
    assert (result.units, result.units_per_part, result.remaining) == (6, 152, 146)
    assert analyze("ããããş", language="pt").encoding == "UCS2"


def test_mixed_pair_tie_goes_to_lowest_locking_nli() -> None:
    # One 'ã' and one 'ş': both mixed pairs cost 3 septets with two IEs; Turkish (NLI 1)
    # locks before Portuguese (NLI 3).
    result = analyze("ãş", language=["pt", "tr"])
    assert (result.locking_shift, result.single_shift, result.units) == ("tr", "pt", 3)


def test_prefers_fewer_parts_over_fewer_ies() -> None:
    # 150 'ç' with Turkish: default pair cannot encode 'ç' at all ('Ç' yes); Turkish locking
    # has 'ç' at 1 septet: 150 septets in one part of 155.
    result = analyze("ç" * 150, language="tr")
    assert (result.parts, result.units, result.remaining, result.locking_shift) == (1, 150, 5, "tr")


def test_fewer_parts_beat_fewer_ies() -> None:
    # '€' is escaped in the default tables (200 septets, 2 parts) but sits in the Turkish
    # locking table (100 septets, 1 part of 155).
    assert analyze("€" * 100).parts == 2
    result = analyze("€" * 100, language="tr")
    assert (result.parts, result.units, result.remaining) == (1, 100, 55)
    assert result.locking_shift == "tr"


def test_locking_beats_single_on_remaining() -> None:
    # 'ş' costs 1 septet by the Turkish locking table, 2 by its single shift table.
    result = analyze("ş", language="tr")
    assert (result.locking_shift, result.single_shift, result.remaining) == ("tr", None, 154)


def test_prefers_fewer_ies_on_equal_parts() -> None:
    # Plain ASCII with languages allowed: the default pair (no IE) wins.
    result = analyze("hello", language="auto")
    assert (result.locking_shift, result.single_shift, result.remaining) == (None, None, 155)


def test_concatenated_national_capacities() -> None:
    one_ie = analyze("ş" * 200, language="tr")
    assert (one_ie.units_per_part, one_ie.parts, one_ie.remaining) == (149, 2, 98)
    sixteen = analyze("ş" * 200, language="tr", concat_reference=16)
    assert (sixteen.units_per_part, sixteen.parts, sixteen.remaining) == (148, 2, 96)
    two_ie = analyze("ş" * 200 + "Á", language=["tr", "es"])
    assert (two_ie.locking_shift, two_ie.single_shift) == ("tr", "es")
    assert (two_ie.units_per_part, two_ie.parts, two_ie.remaining) == (146, 2, 90)
    two_ie_16 = analyze("ş" * 200 + "Á", language=["tr", "es"], concat_reference=16)
    assert (two_ie_16.units_per_part, two_ie_16.parts, two_ie_16.remaining) == (145, 2, 88)


def test_single_part_with_two_ies() -> None:
    result = analyze("şÁ", language=["tr", "es"])
    assert (result.units, result.units_per_part, result.remaining) == (3, 152, 149)


def test_concat_reference_16_plain() -> None:
    gsm = analyze("a" * 161, concat_reference=16)
    assert (gsm.units_per_part, gsm.remaining) == (152, 143)
    ucs2 = analyze("Ж" * 71, concat_reference=16)
    assert (ucs2.units_per_part, ucs2.remaining) == (66, 61)


def test_forced_ucs2_on_gsm_body() -> None:
    result = analyze("hello", encoding="ucs2")
    assert (result.encoding, result.units, result.remaining) == ("UCS2", 5, 65)
    assert result.unsupported_gsm_characters == ()


def test_forced_gsm7_error_names_each_character() -> None:
    with pytest.raises(EncodingError) as info:
        analyze("aЖb`Ж", encoding="gsm7")
    assert info.value.characters == [(1, "Ж"), (3, "`"), (4, "Ж")]
    assert "index 1" in str(info.value) and "U+0060" in str(info.value)
    assert isinstance(info.value, ValueError)


def test_forced_gsm7_error_on_a_long_body_lists_all_but_spells_out_twenty() -> None:
    with pytest.raises(EncodingError) as info:
        analyze("Ж" * 25, encoding="gsm7")
    assert info.value.characters == [(i, "Ж") for i in range(25)]
    message = str(info.value)
    assert "at index 19," in message and "at index 20" not in message
    assert message.endswith(", and 5 more")


def test_many_unsupported_characters_in_order_of_first_appearance() -> None:
    body = "".join(chr(0x4E00 + i) for i in range(40)) * 2 + "a`"
    result = analyze(body)
    assert result.unsupported_gsm_characters == (
        *(chr(0x4E00 + i) for i in range(40)), "`"
    )
    # The Portuguese locking table has the backtick: with every language allowed, the
    # pair that leaves the fewest characters out leaves only the 40 CJK ones.
    assert analyze(body, language="auto").unsupported_gsm_characters == (
        result.unsupported_gsm_characters[:-1]
    )


def test_forced_gsm7_on_gsm_body() -> None:
    assert analyze("ı", encoding="gsm7", language="tr").locking_shift == "tr"


def test_unsupported_with_languages_fewest_distinct() -> None:
    # With Turkish allowed, only 'Ж' is left over ('ş' is Turkish).
    assert analyze("şЖ", language="tr").unsupported_gsm_characters == ("Ж",)
    assert analyze("şЖ").unsupported_gsm_characters == ("ş", "Ж")


def test_unsupported_order_of_first_appearance() -> None:
    assert analyze("👍 Привет 👍").unsupported_gsm_characters == (
        "👍", "П", "р", "и", "в", "е", "т"
    )


def test_to_dict_routee_shape() -> None:
    data = analyze("Привет").to_dict()
    assert data == {
        "characters": 6,
        "parts": 1,
        "unicode": True,
        "unsupportedGSMCharacters": ["П", "р", "и", "в", "е", "т"],
        "encoding": "UCS2",
        "units": 6,
        "unitsPerPart": 70,
        "remaining": 64,
        "lockingShift": None,
        "singleShift": None,
    }
    assert json.loads(json.dumps(data)) == data


def test_result_is_immutable() -> None:
    result = analyze("x")
    with pytest.raises(AttributeError):
        result.parts = 2  # type: ignore[misc]


def test_characters_counts_code_points() -> None:
    assert analyze("😀").characters == 1
    assert analyze("😀").units == 2


def test_nul_and_escape_are_not_gsm() -> None:
    assert analyze("a\x00").unsupported_gsm_characters == ("\x00",)
    assert analyze("a\x1b").unsupported_gsm_characters == ("\x1b",)
    assert analyze("a\x00", language="auto").encoding == "UCS2"


def test_lone_surrogate() -> None:
    with pytest.raises(InvalidBodyError) as info:
        analyze("ab\ud800c")
    assert info.value.index == 2
    assert "index 2" in str(info.value)
    assert isinstance(info.value, ValueError) and isinstance(info.value, SmsCodecError)
    with pytest.raises(InvalidBodyError):
        analyze("ab\udc00", encoding="gsm7")


@pytest.mark.parametrize("body", [b"bytes", None, 42, ["a"]])
def test_non_str_body(body: object) -> None:
    with pytest.raises(BodyTypeError) as info:
        analyze(body)  # type: ignore[arg-type]
    assert isinstance(info.value, TypeError)
    with pytest.raises(TypeError):
        split(body)  # type: ignore[arg-type]


def test_unknown_language_lists_valid_values() -> None:
    with pytest.raises(OptionError) as info:
        analyze("x", language="xx")
    assert isinstance(info.value, ValueError)
    assert "'xx'" in str(info.value) and "'tr'" in str(info.value) and "auto" in str(info.value)


@pytest.mark.parametrize("reference", [0, 7, 32])
def test_bad_concat_reference(reference: int) -> None:
    with pytest.raises(OptionError, match="8 or 16"):
        analyze("x", concat_reference=reference)


@pytest.mark.parametrize(("reference", "shown"), [(True, "bool (True)"), (8.0, "float (8.0)")])
def test_concat_reference_must_be_an_int(reference: object, shown: str) -> None:
    # The compiled front and the specification agree: a float 8.0 is no reference width.
    with pytest.raises(ArgumentTypeError) as info:
        analyze("x", concat_reference=reference)  # type: ignore[arg-type]
    assert str(info.value) == f"concat_reference must be an int, not {shown}"


def test_bad_encoding() -> None:
    with pytest.raises(OptionError, match="'auto', 'gsm7', 'ucs2'"):
        analyze("x", encoding="latin1")


def test_split_vectors() -> None:
    assert split("a" * 306) == ["a" * 153, "a" * 153]
    assert split("Ж" * 135) == ["Ж" * 67, "Ж" * 67, "Ж"]
    assert split("ş" * 200, language="tr") == ["ş" * 149, "ş" * 51]


def test_language_by_name_and_sequence_case() -> None:
    assert analyze("ş", language="Turkish").locking_shift == "tr"
    assert analyze("ş", language=("ES", "TR")).locking_shift == "tr"


def test_indic_language() -> None:
    result = analyze("नमस्ते", language="hi")
    assert (result.encoding, result.locking_shift, result.units) == ("GSM7", "hi", 6)


def test_public_surface() -> None:
    assert sms_codec.IMPLEMENTATION in ("python", "cython")
    assert issubclass(sms_codec.EncodingError, sms_codec.SmsCodecError)
