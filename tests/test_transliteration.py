"""Transliteration: hand-written vectors per mode and language, properties, preview, errors."""

from __future__ import annotations

import ast
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sms_codec import translit_maps as maps
from sms_codec import transliteration
from sms_codec.analysis import Encoding
from sms_codec.charsets import LOCKING, SINGLE
from sms_codec.errors import (
    ArgumentTypeError,
    BodyTypeError,
    InvalidBodyError,
    OptionError,
    SmsCodecError,
)
from sms_codec.transliteration import (
    Mode,
    Replacement,
    Transcode,
    preview,
    transcode_for_analysis,
    transliterate,
)

ROOT = Path(__file__).resolve().parent.parent
GSM = LOCKING[0] | SINGLE[0]
GSM_TR = GSM | LOCKING[1] | SINGLE[1]


def rebuild(original: str, replacements: tuple[Replacement, ...]) -> str:
    """Apply the listed replacements to the input, independently of the code under test."""
    out: list[str] = []
    cursor = 0
    for r in replacements:
        assert r.index >= cursor, "replacements must be ordered and disjoint"
        assert original[r.index : r.index + len(r.original)] == r.original
        out.append(original[cursor : r.index])
        out.append(r.replacement)
        cursor = r.index + len(r.original)
    out.append(original[cursor:])
    return "".join(out)


# --- hand-written vectors, one block per mode and language ------------------------------

VECTORS: list[tuple[str, str, str]] = [
    # Turkish
    ("TURKISH", "Işık şeker ağaç", "Isik seker agac"),
    ("TURKISH", "İstanbul", "Istanbul"),
    ("TURKISH", "Kâğıt Çiçek Gümüş", "Kagit Çicek Gümüs"),
    # Greek, handset convention
    ("GREEK", "Καλημέρα", "KAΛHMEPA"),
    ("GREEK", "Ευχαριστώ", "EYXAPIΣTΩ"),
    ("GREEK", "Ψυχή", "ΨYXH"),
    ("GREEK", "Θεσσαλονίκη", "ΘEΣΣAΛONIKH"),
    # Russian
    ("CYRILLIC", "Привет, мир!", "Privet, mir!"),
    ("CYRILLIC", "Щука и ёж", "Shchuka i yozh"),
    ("CYRILLIC", "Съешь ещё", "S'esh' eshchyo"),
    ("CYRILLIC", "ЖУРНАЛ Хорошо Цой Эхо", "ZHURNAL Khorosho Tsoy Ekho"),
    # Ukrainian (selected by its own letters)
    ("CYRILLIC", "Київ", "Kyiv"),
    ("CYRILLIC", "Україна", "Ukraina"),
    ("CYRILLIC", "Юлія", "Yuliia"),
    ("CYRILLIC", "Львів", "Lviv"),
    ("CYRILLIC", "Щастя Ґанок", "Shchastia Ganok"),
    ("CYRILLIC", "Їжак Єнакієве", "Yizhak Yenakiieve"),
    ("CYRILLIC", "Гарна Україна", "Harna Ukraina"),
    # Bulgarian, Streamlined System
    ("BULGARIAN_CYRILLIC", "България", "Balgaria"),
    ("BULGARIAN_CYRILLIC", "Щастие Ъгъл", "Shtastie Agal"),
    ("BULGARIAN_CYRILLIC", "София, Жълт път", "Sofia, Zhalt pat"),
    ("BULGARIAN_CYRILLIC", "ЩАСТИЕ Юнак", "SHTASTIE Yunak"),
    # Serbian: Cyrillic -> Gaj -> GSM
    ("SERBIAN_CYRILLIC", "Ђорђе", "Djordje"),
    ("SERBIAN_CYRILLIC", "Љубав Њушка Џеп", "Ljubav Njuska Dzep"),
    ("SERBIAN_CYRILLIC", "Ћуприја Чачак Жена", "Cuprija Cacak Zena"),
    ("SERBIAN_CYRILLIC", "ЉУБАВ", "LJUBAV"),
    ("SERBIAN_CYRILLIC", "Đorđe Čačak", "Djordje Cacak"),
    # Polish
    ("CENTRAL_EUROPEAN", "Zażółć gęślą jaźń", "Zazolc gesla jazn"),
    ("CENTRAL_EUROPEAN", "Łódź", "Lodz"),
    # Czech
    (
        "CENTRAL_EUROPEAN",
        "Příliš žluťoučký kůň úpěl ďábelské ódy",
        "Prilis zlutoucky kun upel dabelské ody",
    ),
    # Hungarian: é ö ü are GSM and stay
    ("CENTRAL_EUROPEAN", "Árvíztűrő tükörfúrógép", "Arvizturo tükörfurogép"),
    # Romanian, comma-below and cedilla forms
    ("CENTRAL_EUROPEAN", "Științe și țară", "Stiinte si tara"),
    ("CENTRAL_EUROPEAN", "Şcoală Mâine Înţelegere", "Scoala Maine Intelegere"),
    # Lithuanian
    ("BALTIC", "Ąžuolas ėjo į mokyklą", "Azuolas ejo i mokykla"),
    ("BALTIC", "Šiaulių", "Siauliu"),
    # Latvian
    ("BALTIC", "Rīga Ķemeri Jūrmala", "Riga Kemeri Jurmala"),
    ("BALTIC", "Ģirts Ļaudis ņem", "Girts Laudis nem"),
    # Portuguese: à and É are GSM and stay
    ("PORTUGUESE", "Não, coração, avô", "Nao, coracao, avo"),
    ("PORTUGUESE", "São Paulo à noite, Érica", "Sao Paulo à noite, Érica"),
    # Spanish
    ("COLOMBIAN", "Canción, árbol, ¿qué?", "Cancion, arbol, ¿qué?"),
    ("COLOMBIAN", "Mañana será ÚLTIMO", "Mañana sera ULTIMO"),
    # SMART: typographic only
    ("SMART", "“Hi” — it’s… ok", "\"Hi\" - it's... ok"),
    ("SMART", "a\u00a0b\u2009c ＡＢＣ１", "a b c ABC1"),
    ("SMART", "a\u2000b\u3000c", "a b c"),
    # NON_UNICODE: symbols, then the generic passes
    ("NON_UNICODE", "© 2024 №5 ½", "(C) 2024 No5 1/2"),
    ("NON_UNICODE", "Ελλάδα", "Ellada"),
    # NONE: no language map, but diacritics and unidecode
    ("NONE", "ő ą Ł", "o a L"),
    ("NONE", "Привет", "Privet"),
    # ALL: every map, the Cyrillic one chosen by the text
    ("ALL", "Kraków żółw", "Krakow zolw"),
    ("ALL", "Ђорђе", "Djordje"),
    ("ALL", "Київ", "Kyiv"),
    ("ALL", "Καλημέρα", "KAΛHMEPA"),
]


@pytest.mark.parametrize(("mode", "source", "expected"), VECTORS)
def test_vectors(mode: str, source: str, expected: str) -> None:
    result = transliterate(source, mode)
    assert result.text == expected
    assert result.gsm7
    assert result.encoding is Encoding.GSM7
    assert rebuild(source, result.replacements) == expected


def test_gsm_characters_that_generic_tools_rewrite_are_kept() -> None:
    body = "é Ä Ñ ß € Δ ü à Ø Æ ¡ ¿ § ¤ £ ¥ {[~]} | ^ \\"
    for mode in Mode:
        result = transliterate(body, mode)
        assert result.text == body
        assert result.replacements == ()


def test_issue_examples_under_default_mode() -> None:
    assert transliterate("ő ą é ü").text == "o a é ü"
    assert transliterate("Привет").text == "Privet"


def test_turkish_language_keeps_turkish_letters() -> None:
    result = transliterate("Işık şeker ağaç İzmir", "TURKISH", language="tr")
    assert result.text == "Işık şeker ağaç İzmir"
    assert result.replacements == ()
    assert result.gsm7
    assert result.analysis.locking_shift == "tr"


def test_portuguese_and_spanish_languages_keep_their_letters() -> None:
    assert transliterate("Não coração", "PORTUGUESE", language="pt").text == "Não coração"
    assert transliterate("Canción", "COLOMBIAN", language="es").text == "Canción"
    assert transliterate("Canción", "COLOMBIAN").text == "Cancion"


def test_ukrainian_is_chosen_only_by_its_letters() -> None:
    # Without і ї є ґ the text reads as Russian: г -> g, и -> i.
    assert transliterate("Гарна", "CYRILLIC").text == "Garna"
    assert transliterate("Гарна", "BULGARIAN_CYRILLIC").text == "Garna"


def test_all_caps_digraphs() -> None:
    assert transliterate("ЩИ", "CYRILLIC").text == "SHCHI"
    assert transliterate("Щи", "CYRILLIC").text == "Shchi"
    assert transliterate("ОБЩ", "CYRILLIC").text == "OBSHCH"
    assert transliterate("Ж.", "CYRILLIC").text == "Zh."


def test_greek_capitals_that_gsm_has_are_untouched() -> None:
    result = transliterate("ΔΦΓΛΩΠΨΣΘΞ", "GREEK")
    assert result.text == "ΔΦΓΛΩΠΨΣΘΞ"
    assert result.replacements == ()


# --- the passes -------------------------------------------------------------------------


def test_nfc_composes_and_is_listed() -> None:
    result = transliterate("e\u0301te\u0301", "NONE")
    assert result.text == "été"
    assert result.replacements == (
        Replacement(0, "e\u0301", "é", "nfc"),
        Replacement(3, "e\u0301", "é", "nfc"),
    )


@pytest.mark.parametrize(
    ("language", "text"),
    [
        # One code point each, in the Hindi, Bengali, Oriya and Punjabi tables, which NFC
        # would decompose (composition exclusions): क़ ড় ଢ଼ ਲ਼.
        ("hi", "\u0958"),
        ("bn", "\u09dc"),
        ("or", "\u0b5d"),
        ("pa", "\u0a33"),
        # Two characters of the Kannada and Malayalam tables that NFC would join into one.
        ("kn", "\u0cbf\u0cd5"),
        ("ml", "\u0d46\u0d3e"),
        # Two marks of the Telugu table that NFC would reorder.
        ("te", "\u0c56\u0c4d"),
    ],
)
def test_nfc_never_changes_national_table_characters(language: str, text: str) -> None:
    for mode in ("ALL", "NONE", "SMART"):
        result = transliterate(f"a {text} b", mode, language=language)
        assert result.text == f"a {text} b"
        assert result.replacements == ()
        assert result.gsm7
    # Next to a character that does change, too.
    result = transliterate(f"{text}ő", "NONE", language=language)
    assert result.text == f"{text}o"
    assert result.replacements == (Replacement(len(text), "ő", "o", "diacritic"),)


def test_combining_mark_on_a_gsm_letter_is_removed() -> None:
    result = transliterate("q\u0301", "NONE")
    assert result.text == "q"
    assert result.replacements == (Replacement(1, "\u0301", "", "diacritic"),)


def test_diacritic_removal_keeps_what_gsm_has() -> None:
    # ǘ: removing the acute leaves ü, which GSM has.
    assert transliterate("ǘ", "NONE").text == "ü"
    assert transliterate("Ő", "NONE").replacements == (Replacement(0, "Ő", "O", "diacritic"),)


def test_zero_width_characters_are_removed_and_listed() -> None:
    result = transliterate("a\u200bb\ufeff", "SMART")
    assert result.text == "ab"
    assert result.replacements == (
        Replacement(1, "\u200b", "", "typographic"),
        Replacement(3, "\ufeff", "", "typographic"),
    )


def test_other_invisible_characters_are_removed_and_listed() -> None:
    # Invisible operators, the Arabic letter mark, the Mongolian vowel separator, the
    # combining grapheme joiner: each left the whole body UCS-2.
    result = transliterate("Привет\u2063", "CYRILLIC")
    assert result.text == "Privet"
    assert result.gsm7
    assert result.replacements[-1] == Replacement(6, "\u2063", "", "typographic")
    for char in "\u034f\u061c\u180e\u2061\u2062\u2063\u2064\ufe0e\ufe0f":
        result = transliterate(f"a{char}b", "SMART")
        assert result.text == "ab", hex(ord(char))
        assert result.replacements == (Replacement(1, char, "", "typographic"),)
    # The emoji presentation selector after a symbol that has a GSM rendering.
    assert transliterate("©\ufe0f 2024 ™\ufe0f ↔\ufe0f").text == "(C) 2024 TM <->"


def test_backtick_never_reaches_the_output() -> None:
    assert transliterate("`x`").text == "'x'"
    assert transliterate("`x`", "NONE").text == "'x'"
    # The Portuguese locking table has the backtick, so it stays there.
    assert transliterate("`x`", language="pt").text == "`x`"


def test_unidecode_is_the_last_resort() -> None:
    result = transliterate("北京", "NONE")
    assert result.text == "Bei Jing"
    assert [r.source for r in result.replacements] == ["unidecode", "unidecode"]


def test_without_unidecode_the_fallback_characters_are_unsupported(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A default install has no unidecode (GPL): its characters are reported, not dropped.
    monkeypatch.setitem(sys.modules, "unidecode", None)
    result = transliterate("a北京b", "NONE")
    assert result.text == "a北京b"
    assert not result.gsm7
    assert result.unsupported == ((1, "北"), (2, "京"))
    assert result.replacements == ()


def test_smart_leaves_letters_alone() -> None:
    result = transliterate("ő Привет “x”", "SMART")
    assert result.text == "ő Привет \"x\""
    assert not result.gsm7
    assert [c for _, c in result.unsupported] == ["ő", "П", "р", "и", "в", "е", "т"]


def test_unsupported_indices_inside_a_combining_sequence() -> None:
    # The leading e + U+0301 makes the text non-NFC, so NFC runs over each base letter
    # with its marks; a mark NFC leaves alone is still listed at its own index.
    result = transliterate("e\u0301 x\u0302", "SMART")
    assert result.text == "é x\u0302"
    assert result.unsupported == ((4, "\u0302"),)
    result = transliterate("e\u0301😀\u0301", "SMART", fallback="replace")
    assert result.text == "é??"
    assert result.unsupported == ((2, "😀"), (3, "\u0301"))
    # Į is composed from I + U+0328 (indices 0 and 1): listed at the base letter.
    result = transliterate("I\u0328\u0330!", "SMART")
    assert result.unsupported == ((0, "Į"), (2, "\u0330"))


@pytest.mark.parametrize(
    ("fallback", "text", "replacements"),
    [
        ("keep", "ok 😀!", ()),
        ("replace", "ok ?!", (Replacement(3, "😀", "?", "fallback"),)),
        ("remove", "ok !", (Replacement(3, "😀", "", "fallback"),)),
    ],
)
def test_fallbacks(fallback: str, text: str, replacements: tuple[Replacement, ...]) -> None:
    result = transliterate("ok 😀!", fallback=fallback)
    assert result.text == text
    assert result.replacements == replacements
    assert result.unsupported == ((3, "😀"),)
    assert result.gsm7 is (fallback != "keep")


def test_protected_spans_are_copied() -> None:
    text = "Şu link: https://x.io/ş?q=ğ — ş"
    start = text.index("https")
    end = text.index(" —")
    result = transliterate(text, protect=[(start, end)], fallback="replace")
    assert result.text == "Su link: https://x.io/ş?q=ğ - s"
    assert all(not start <= r.index < end for r in result.replacements)


def test_protect_breaks_context() -> None:
    # The protected "И" is not seen as the neighbour of "Щ".
    assert transliterate("ЩИ", "CYRILLIC", protect=[(1, 2)]).text == "ShchИ"


def test_result_and_dict_shape() -> None:
    result = transliterate("Ağ", "TURKISH")
    assert result.original == "Ağ"
    assert result.mode is Mode.TURKISH
    assert result.parts == 1
    assert result.changed
    assert result.to_dict() == {
        "original": "Ağ",
        "text": "Ag",
        "mode": "TURKISH",
        "gsm7": True,
        "encoding": "GSM7",
        "parts": 1,
        "replacements": [{"index": 1, "original": "ğ", "replacement": "g", "source": "map"}],
        "unsupported": [],
    }


def test_results_are_immutable() -> None:
    result = transliterate("Ağ")
    with pytest.raises(AttributeError):
        result.text = "x"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        result.replacements[0].replacement = "x"  # type: ignore[misc]


def test_mode_is_case_insensitive_and_accepts_the_enum() -> None:
    assert transliterate("ğ", "turkish").mode is Mode.TURKISH
    assert transliterate("ğ", Mode.GREEK).mode is Mode.GREEK


def test_gsm7_body_returns_after_one_analysis(monkeypatch: pytest.MonkeyPatch) -> None:
    # The early return is decided by one analysis of the body, with or without protected
    # spans; a walk over the body in Python used to cost about 20 analyses (its speed is
    # measured in benchmarks/, not asserted here).
    from sms_codec import analyze, planner, transliteration

    calls: list[str] = []

    def counting(text: str, **options: object) -> object:
        calls.append(text)
        return planner.body_analysis(text, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(transliteration, "body_analysis", counting)
    body = "Hello, your code is 4821. Straße {x} € " * 40
    result = transliterate(body, protect=[(0, 5)])
    assert calls == [body]
    assert result.text == body
    assert result.replacements == ()
    assert result.analysis == analyze(body)


def test_analyze_transcode_analyses_body_and_offer_once_each(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # analyze(transcode=...) hands the body's analysis to transliteration, which then
    # analyses only its result (it used to analyse the body a second time).
    from sms_codec import analysis, planner, transliteration

    calls: list[str] = []

    def counting(text: str, **options: object) -> object:
        calls.append(text)
        return planner.body_analysis(text, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(analysis, "body_analysis", counting)
    monkeypatch.setattr(transliteration, "body_analysis", counting)
    result = analysis.analyze("Привет мир", language="tr", transcode="CYRILLIC")
    assert calls == ["Привет мир", "Privet mir"]
    assert result.transcode is not None
    assert (result.transcode.message, result.transcode.parts) == ("Privet mir", 1)


def test_parts_are_counted_on_the_result() -> None:
    body = "Привет " * 20
    assert transliterate(body, "NONE", fallback="keep").parts == 1
    assert transliterate(body, "SMART").parts == 3


# --- errors -----------------------------------------------------------------------------


def test_text_must_be_str() -> None:
    with pytest.raises(BodyTypeError) as caught:
        transliterate(b"abc")  # type: ignore[arg-type]
    assert isinstance(caught.value, TypeError)
    assert isinstance(caught.value, SmsCodecError)


def test_unknown_mode_lists_valid_modes() -> None:
    with pytest.raises(OptionError, match=r"'KLINGON'.*'CENTRAL_EUROPEAN'.*'SMART'") as caught:
        transliterate("x", "KLINGON")
    assert isinstance(caught.value, ValueError)
    with pytest.raises(ArgumentTypeError, match="mode must be a str or a TransliterationMode"):
        transliterate("x", 3)  # type: ignore[arg-type]


def test_unknown_fallback_lists_valid_values() -> None:
    with pytest.raises(OptionError, match=r"'drop'.*'keep', 'replace', 'remove'"):
        transliterate("x", fallback="drop")


def test_unknown_language() -> None:
    with pytest.raises(OptionError, match="'xx'"):
        transliterate("x", language="xx")


@pytest.mark.parametrize(
    ("protect", "message"),
    [
        ([(5, 2)], r"\(5, 2\) is out of range"),
        ([(0, 99)], r"\(0, 99\) is out of range"),
        ([(-1, 2)], r"\(-1, 2\) is out of range"),
        ([(0, 3), (2, 5)], r"\(2, 5\) overlaps protect span \(0, 3\)"),
    ],
)
def test_bad_protect_spans(protect: object, message: str) -> None:
    with pytest.raises(OptionError, match=message):
        transliterate("abcdefgh", protect=protect)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("protect", "message"),
    [
        ([("a", 1)], r"protect\[0\] must be a \(start, end\) pair of int, not \('a', 1\)"),
        ([(0, 1), (0, 1, 2)], r"protect\[1\] must be a \(start, end\) pair of int"),
        ("ab", "protect must be a sequence of .* not str"),
    ],
)
def test_wrong_typed_protect_spans(protect: object, message: str) -> None:
    with pytest.raises(ArgumentTypeError, match=message):
        transliterate("abcdefgh", protect=protect)  # type: ignore[arg-type]


def test_lone_surrogate_is_rejected_with_its_index() -> None:
    with pytest.raises(InvalidBodyError) as caught:
        transliterate("ab\ud800c")
    assert caught.value.index == 2


# --- analysis helper --------------------------------------------------------------------


def test_transcode_for_a_ucs2_body() -> None:
    body = "Привет " * 20
    found = transcode_for_analysis(body, True, None)
    assert found == Transcode(
        message="Privet " * 20,
        parts=1,
        encoding=Encoding.GSM7,
        replacements=found.replacements if found else (),
    )
    assert found is not None
    assert len(found.replacements) == 120
    assert found.to_dict() == {"message": "Privet " * 20, "parts": 1}


def test_transcode_mode_and_language() -> None:
    found = transcode_for_analysis("Ağaç şeker", "TURKISH", None)
    assert found is not None and found.message == "Agac seker"
    # Under the Turkish tables the body is GSM-7 already: nothing to offer.
    assert transcode_for_analysis("Ağaç şeker", "TURKISH", "tr") is None


@pytest.mark.parametrize(
    ("body", "mode"),
    [
        ("Hello", True),  # GSM-7 already
        ("Привет", None),  # off
        ("Привет", False),  # off
        ("Привет 😀", True),  # the emoji keeps it UCS-2
        ("Привет", "SMART"),  # SMART does not touch letters
    ],
)
def test_transcode_absent(body: str, mode: bool | str | None) -> None:
    assert transcode_for_analysis(body, mode, None) is None


def test_transcode_bad_mode() -> None:
    with pytest.raises(OptionError):
        transcode_for_analysis("Привет", "FRENCH", None)


def test_transcode_concat_reference() -> None:
    found = transcode_for_analysis("Ж" * 200, True, None, concat_reference=16)
    # "Zh" * 200 = 400 septets; 152 per part with a 16-bit reference -> 3 parts.
    assert found is not None and found.parts == 3


# --- preview ----------------------------------------------------------------------------


def test_preview_as_is() -> None:
    assert preview("Привет") == {
        "originalText": "Привет",
        "previews": [
            {
                "textPreview": "Привет",
                "messageCount": 1,
                "charactersRemaining": 64,
                "configuration": {},
            }
        ],
    }


def test_preview_with_transliteration() -> None:
    result = preview("Привет", transliterations=["CYRILLIC"])
    assert result["previews"][1] == {
        "textPreview": "Privet",
        "messageCount": 1,
        "charactersRemaining": 154,
        "configuration": {"transliteration": "CYRILLIC"},
    }


def test_preview_with_language_code() -> None:
    result = preview("Ağ", language_codes=["tr"])
    assert result["previews"] == [
        {"textPreview": "Ağ", "messageCount": 1, "charactersRemaining": 68, "configuration": {}},
        {
            "textPreview": "Ağ",
            "messageCount": 1,
            "charactersRemaining": 153,
            "configuration": {"language": {"languageCode": "TR"}},
        },
    ]


def test_preview_combinations_are_the_product_without_duplicates() -> None:
    result = preview(
        "Ağ şu", language_codes=["TR", "tr", "ES"], transliterations=["TURKISH", "NONE"]
    )
    configurations = [p["configuration"] for p in result["previews"]]
    assert configurations == [
        {},
        {"language": {"languageCode": "TR"}, "transliteration": "TURKISH"},
        {"language": {"languageCode": "TR"}, "transliteration": "NONE"},
        {"language": {"languageCode": "ES"}, "transliteration": "TURKISH"},
        {"language": {"languageCode": "ES"}, "transliteration": "NONE"},
    ]
    assert [p["textPreview"] for p in result["previews"]] == [
        "Ağ şu", "Ağ şu", "Ağ şu", "Ag su", "Ag su",
    ]


def test_preview_language_codes_are_trimmed() -> None:
    # analyze() accepts " tr " as Turkish; the preview names it "TR", once.
    result = preview("Ağ", language_codes=["TR", " tr "])
    assert [p["configuration"] for p in result["previews"]] == [
        {},
        {"language": {"languageCode": "TR"}},
    ]
    result = preview("Ağ", language_codes=[" tr "], transliterations=["TURKISH"])
    assert result["previews"][1]["configuration"] == {
        "language": {"languageCode": "TR"},
        "transliteration": "TURKISH",
    }


def test_preview_errors() -> None:
    with pytest.raises(OptionError):
        preview("x", transliterations=["FRENCH"])
    with pytest.raises(OptionError):
        preview("x", language_codes=["xx"])
    with pytest.raises(ArgumentTypeError, match=r"language_codes\[0\] must be a str, not int"):
        preview("x", language_codes=[3])  # type: ignore[list-item]
    with pytest.raises(BodyTypeError):
        preview(None)  # type: ignore[arg-type]


# --- the maps as data -------------------------------------------------------------------

ALL_MAPS = {
    name: getattr(maps, name)
    for name in (
        "TURKISH", "GREEK", "RUSSIAN", "UKRAINIAN", "UKRAINIAN_WORD_INITIAL", "BULGARIAN",
        "BULGARIAN_WORD_FINAL_AFTER_I", "SERBIAN", "SERBIAN_LATIN_TO_GSM", "CENTRAL_EUROPEAN",
        "BALTIC", "PORTUGUESE", "COLOMBIAN", "SYMBOLS", "TYPOGRAPHIC",
    )
}


@pytest.mark.parametrize("name", sorted(ALL_MAPS))
def test_maps_are_single_nfc_characters_to_gsm(name: str) -> None:
    for key, value in ALL_MAPS[name].items():
        assert len(key) == 1, (name, key)
        assert unicodedata.is_normalized("NFC", key), (name, key)
        assert key not in GSM, (name, key)
        assert set(value) <= GSM, (name, key, value)


def test_every_mode_has_maps() -> None:
    assert set(maps.MODE_MAPS) == {m.value for m in Mode}


def test_unidecode_is_imported_in_one_function_only() -> None:
    package = Path(transliteration.__file__).parent
    owners = []
    imports = []
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        owners += [f"{path.stem}.{name}" for name in _unidecode_owners(tree)]
        imports += [
            n for n in ast.walk(tree)
            if (isinstance(n, ast.ImportFrom) and n.module == "unidecode")
            or (isinstance(n, ast.Import) and any(a.name == "unidecode" for a in n.names))
        ]
    assert owners == ["_translit_passes.ascii_fallback"]
    assert len(imports) == 1


def _unidecode_owners(tree: ast.AST) -> list[str]:
    owners = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef):
            for inner in ast.walk(node):
                if isinstance(inner, ast.ImportFrom) and inner.module == "unidecode":
                    owners.append(node.name)
    return owners


# --- properties -------------------------------------------------------------------------

gsm_text = st.text(alphabet=st.sampled_from(sorted(GSM)), max_size=60)
turkish_text = st.text(alphabet=st.sampled_from(sorted(GSM_TR)), max_size=60)
interesting = sorted(
    set().union(*(m.keys() for m in ALL_MAPS.values()))
    | set("\u0301\u0308\u030b\u0306ǘőŐ北😀`\t\u200bеи")
)
any_text = st.text(
    alphabet=st.one_of(
        st.characters(exclude_categories=["Cs"]),
        st.sampled_from(interesting),
        st.sampled_from(sorted(GSM)),
    ),
    max_size=40,
)
modes = st.sampled_from(list(Mode))
fallbacks = st.sampled_from(["keep", "replace", "remove"])


@given(gsm_text, modes)
def test_gsm_text_is_unchanged_in_every_mode(text: str, mode: Mode) -> None:
    result = transliterate(text, mode)
    assert result.text == text
    assert result.replacements == ()
    assert result.gsm7


@given(turkish_text, modes)
def test_turkish_gsm_text_is_unchanged_under_turkish(text: str, mode: Mode) -> None:
    result = transliterate(text, mode, language="tr")
    assert result.text == text
    assert result.replacements == ()


NATIONAL = ["bn", "es", "gu", "hi", "kn", "ml", "or", "pa", "pt", "ta", "te", "tr", "ur"]


@settings(max_examples=300)
@given(st.sampled_from(NATIONAL), st.data(), modes)
def test_national_gsm_text_is_unchanged_under_its_language(
    language: str, data: st.DataObject, mode: Mode
) -> None:
    nli = {"tr": 1, "es": 2, "pt": 3, "bn": 4, "gu": 5, "hi": 6, "kn": 7, "ml": 8,
           "or": 9, "pa": 10, "ta": 11, "te": 12, "ur": 13}[language]
    alphabet = GSM | LOCKING.get(nli, frozenset()) | SINGLE[nli]
    text = data.draw(st.text(alphabet=st.sampled_from(sorted(alphabet)), max_size=30))
    result = transliterate(text, mode, language=language)
    assert result.text == text
    assert result.replacements == ()
    assert result.unsupported == ()


@settings(max_examples=300)
@given(any_text, modes, st.sampled_from(["replace", "remove"]))
def test_complete_transliteration_is_gsm7(text: str, mode: Mode, fallback: str) -> None:
    result = transliterate(text, mode, fallback=fallback)
    assert set(result.text) <= GSM
    assert result.gsm7


@settings(max_examples=300)
@given(any_text, modes)
def test_kept_characters_are_exactly_the_unsupported_ones(text: str, mode: Mode) -> None:
    result = transliterate(text, mode)
    leftovers = set(result.text) - GSM
    assert leftovers <= {c for _, c in result.unsupported}
    assert result.gsm7 is (not leftovers)


@settings(max_examples=300)
@given(any_text, modes, fallbacks)
def test_replacements_rebuild_the_output(text: str, mode: Mode, fallback: str) -> None:
    result = transliterate(text, mode, fallback=fallback)
    assert rebuild(text, result.replacements) == result.text


@settings(max_examples=200)
@given(any_text, st.data())
def test_protected_spans_are_untouched(text: str, data: st.DataObject) -> None:
    cuts = sorted(data.draw(st.lists(st.integers(0, len(text)), max_size=4)))
    spans = list(zip(cuts[0::2], cuts[1::2], strict=False))
    result = transliterate(text, "ALL", protect=spans, fallback="replace")
    assert rebuild(text, result.replacements) == result.text
    for start, end in spans:
        for r in result.replacements:
            assert r.index + len(r.original) <= start or r.index >= end


# --- documentation ----------------------------------------------------------------------


def test_docs_examples_run() -> None:
    import doctest
    import re

    source = (ROOT / "docs" / "transliteration.md").read_text(encoding="utf-8")
    # A code fence right after an expected output would otherwise count as output.
    source = re.sub(r"^```.*$", "", source, flags=re.MULTILINE)
    test = doctest.DocTestParser().get_doctest(source, {}, "transliteration.md", None, 0)
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    runner.run(test)
    assert runner.summarize(verbose=False).failed == 0
    assert len(test.examples) >= 10


def test_docs_map_tables_are_current() -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "render_translit_docs", ROOT / "scripts" / "render_translit_docs.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    document = (ROOT / "docs" / "transliteration.md").read_text(encoding="utf-8")
    assert module.updated(document) == document
    assert "| `щ` U+0449 | `shch` |" in document or "`щ` U+0449 | `shch`" in document


# --- long runs of combining marks (each used to cost quadratic time) --------------------


def test_a_long_run_of_marks_on_one_letter_keeps_what_gsm_has() -> None:
    # One NFC piece: the marks are dropped from the end until a GSM letter is left (é).
    body = "e" + "\u0301" * 20_000
    result = transliterate(body)
    assert result.text == "é"
    assert result.gsm7
    assert [(r.index, len(r.original), r.replacement) for r in result.replacements] == [
        (0, 20_001, "é")
    ]


def test_a_long_run_of_marks_without_a_base() -> None:
    # The first mark has nothing to sit on and stays (listed); the others are dropped.
    result = transliterate("\u0301" * 20_000)
    assert result.text == "\u0301"
    assert result.unsupported == ((0, "\u0301"),)
    assert len(result.replacements) == 19_999
    assert {(r.original, r.replacement) for r in result.replacements} == {("\u0301", "")}


def test_alternating_marks_collapse_to_the_gsm_letter() -> None:
    result = transliterate("a" + "\u0308\u0301" * 10_000 + "b")
    assert result.text == "äb"
    assert [(r.index, r.replacement) for r in result.replacements] == [(0, "ä")]
