"""Hypothesis properties of analyze/split over mixed alphabets, on both kernel twins.

Part sizes are checked against a reference cost written here from the tables, not
against the kernels under test.
"""

from __future__ import annotations

import pytest
import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sms_codec import _graphemes, analyze, split
from sms_codec.tables import DEFAULT_ALPHABET, DEFAULT_EXTENSION, LANGUAGES

pytestmark = pytest.mark.usefixtures("twin")

ALPHABET = (
    "abcXYZ 019.,!?\n\r@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ¤¡ÄÖÑÜ§¿äöñüà"
    "^{}\\[~]|€\f"
    "şğıİçĞŞ" "ãõêôáíóúÁÍÓÚ" "नमस्ते" "ЖжПривет" "中文" "`"
    "😀👍🏽🇬🇷\u200d\u0301"
)
bodies = st.text(alphabet=ALPHABET, max_size=700)
languages = st.sampled_from([None, "tr", "es", "pt", ["pt", "tr"], "hi", "auto"])
references = st.sampled_from([8, 16])
SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _gsm_costs(lock: str | None, single: str | None) -> dict[str, int]:
    locking = DEFAULT_ALPHABET if lock is None else (LANGUAGES[lock].locking or DEFAULT_ALPHABET)
    shift = DEFAULT_EXTENSION if single is None else LANGUAGES[single].single
    costs = {ch: 2 for ch in shift.values()}
    costs.update({ch: 1 for ch in locking if ch is not None})
    return costs


def _units(part: str, encoding: str, costs: dict[str, int]) -> int:
    if encoding == "UCS2":
        return len(part.encode("utf-16-le")) // 2
    return sum(costs[ch] for ch in part)


@SETTINGS
@given(body=bodies, language=languages, reference=references)
def test_split_agrees_with_analyze(body: str, language: object, reference: int) -> None:
    result = analyze(body, language=language, concat_reference=reference)  # type: ignore[arg-type]
    parts = split(body, language=language, concat_reference=reference)  # type: ignore[arg-type]
    assert "".join(parts) == body
    assert len(parts) == result.parts
    costs = _gsm_costs(result.locking_shift, result.single_shift)
    sizes = [_units(part, result.encoding, costs) for part in parts]
    assert sum(sizes) == result.units
    assert all(size <= result.units_per_part for size in sizes)
    assert result.remaining == result.units_per_part - sizes[-1]
    assert all(part for part in parts[:-1])
    if result.encoding == "GSM7":
        # Greedy: the first character of the next part did not fit, so an escape pair
        # (cost 2) is never split and no part ends early.
        for size, following in zip(sizes[:-1], parts[1:], strict=True):
            assert size + costs[following[0]] > result.units_per_part
    else:
        for part in parts[:-1]:
            assert not "\ud800" <= part[-1] <= "\udbff"


@SETTINGS
@given(body=bodies)
def test_gsm_result_has_no_unsupported(body: str) -> None:
    result = analyze(body)
    if result.encoding == "GSM7":
        assert result.unsupported_gsm_characters == ()
        assert all(ch in _gsm_costs(None, None) for ch in body)
    else:
        assert result.unsupported_gsm_characters
        assert all(ch not in _gsm_costs(None, None) for ch in result.unsupported_gsm_characters)
        assert len(set(result.unsupported_gsm_characters)) == len(result.unsupported_gsm_characters)


@SETTINGS
@given(body=bodies)
def test_languages_never_cost_more_parts(body: str) -> None:
    assert analyze(body, language="auto").parts <= analyze(body).parts


def _reference_gsm_split(body: str, costs: dict[str, int], capacity: int) -> list[str]:
    parts, current, used = [], "", 0
    for ch in body:
        if used + costs[ch] > capacity:
            parts.append(current)
            current, used = "", 0
        current += ch
        used += costs[ch]
    return [*parts, current]


def _reference_ucs2_split(body: str, capacity: int) -> list[str]:
    parts, current, used = [], "", 0
    for cluster in regex.findall(r"\X", body):
        size = len(cluster.encode("utf-16-le")) // 2
        if used + size <= capacity:
            current, used = current + cluster, used + size
        elif size <= capacity:
            parts.append(current)
            current, used = cluster, size
        else:
            for ch in cluster:
                unit = len(ch.encode("utf-16-le")) // 2
                if used + unit > capacity:
                    parts.append(current)
                    current, used = "", 0
                current, used = current + ch, used + unit
    return [*parts, current]


CLUSTERY = "aé😀👍🏽🇬🇷🇫🇷\u200d\u0301\u0308क्षि각\u1100\u1161\u11a8\r\nЖ"


# The cluster walk uses the installed regex's \X: it must hold the table's Unicode data.
@pytest.mark.skipif(
    regex.__version__ != _graphemes.REGEX_VERSION,
    reason=f"installed regex {regex.__version__}, table from {_graphemes.REGEX_VERSION}",
)
@SETTINGS
@given(body=st.text(alphabet=CLUSTERY, min_size=60, max_size=400), reference=references)
def test_ucs2_cuts_match_a_cluster_walk(body: str, reference: int) -> None:
    result = analyze(body, encoding="ucs2", concat_reference=reference)
    expected = [body] if result.parts == 1 else _reference_ucs2_split(body, result.units_per_part)
    assert split(body, encoding="ucs2", concat_reference=reference) == expected


@SETTINGS
@given(body=st.text(alphabet="ab €[]{}^|~\\\fşğ", min_size=100, max_size=900),
       language=st.sampled_from([None, "tr", ["tr", "es"]]))
def test_gsm_cuts_match_a_character_walk(body: str, language: object) -> None:
    result = analyze(body, language=language)  # type: ignore[arg-type]
    if result.encoding != "GSM7":
        return
    costs = _gsm_costs(result.locking_shift, result.single_shift)
    expected = (
        [body] if result.parts == 1 else _reference_gsm_split(body, costs, result.units_per_part)
    )
    assert split(body, language=language) == expected  # type: ignore[arg-type]
