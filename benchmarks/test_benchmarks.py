"""pytest-benchmark: analyze() per corpus class on each twin, the peer and the floor.

    python -m pytest benchmarks/ --benchmark-only --benchmark-columns=median,mean,rounds

Each benchmark maps one contender over ``MESSAGES`` bodies of a class; divide its time
by ``MESSAGES`` for the per-message cost (``report.py`` prints that table directly).
The kernel twin is swapped under ``sms_codec._scan`` as in the test suite.
"""

from __future__ import annotations

import functools
import importlib
from collections import deque
from collections.abc import Callable
from typing import Any

import pytest
import smsutil  # type: ignore[import-untyped]
from corpus import CLASSES, corpus

import sms_codec

MESSAGES = 1_000
CASES = [*((kind, None) for kind in CLASSES), ("turkish", "tr"),
         *((kind, "auto") for kind in CLASSES)]


def _mapped(function: Callable[[str], Any], bodies: list[str]) -> Callable[[], Any]:
    return lambda: deque(map(function, bodies), maxlen=0)


def _ids(case: tuple[str, str | None]) -> str:
    return case[0] if case[1] is None else f"{case[0]}-{case[1]}"


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_analyze(benchmark: Any, kernels: str, case: tuple[str, str | None]) -> None:
    kind, language = case
    bodies = corpus(kind, MESSAGES)
    analyze = functools.partial(sms_codec.analyze, language=language)
    benchmark.group = f"{_ids(case)}"
    benchmark(_mapped(analyze, bodies))
    assert len(bodies) == MESSAGES


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_analyze_many(benchmark: Any, kernels: str, case: tuple[str, str | None]) -> None:
    kind, language = case
    bodies = corpus(kind, MESSAGES)
    benchmark.group = f"{_ids(case)}"
    results = benchmark(sms_codec.analyze_many, bodies, language=language)
    assert len(results) == MESSAGES


@pytest.mark.parametrize("kind", list(CLASSES))
def test_smsutil(benchmark: Any, kind: str) -> None:
    bodies = corpus(kind, MESSAGES)
    benchmark.group = kind
    benchmark(_mapped(smsutil.split, bodies))


@pytest.mark.parametrize("kind", list(CLASSES))
def test_bare_walk(benchmark: Any, kind: str) -> None:
    try:
        walk = importlib.import_module("_walk").walk
    except ImportError:
        pytest.skip("bare walk not built: python benchmarks/build_walk.py")
    bodies = corpus(kind, MESSAGES)
    benchmark.group = kind
    benchmark(_mapped(walk, bodies))


# --- speeds that tests only check for results -------------------------------------------

ADVERSARIAL_URL_BODIES = {
    "cyrillic-dots": "Ссылка." * 5000,
    "dots": "a." * 20000,
    "closers": "https://x.example/" + ")" * 20000,
    "long-labels": ("abcdefghij" * 6 + ".") * 600,
}


@pytest.mark.parametrize("name", sorted(ADVERSARIAL_URL_BODIES))
def test_find_urls_adversarial(benchmark: Any, name: str) -> None:
    """URL detection on bodies built to make a regex backtrack."""
    from sms_codec.links import find_urls

    benchmark(find_urls, ADVERSARIAL_URL_BODIES[name])


def test_transliterate_gsm7_early_return(benchmark: Any) -> None:
    """transliterate() on a GSM-7 body with a protected span: about one analyze()."""
    body = "Hello, your code is 4821. Straße {x} € " * 40
    benchmark(sms_codec.transliterate, body, protect=[(0, 5)])


# --- what travels (issue 11 item 6): split/encode, SMS-SUBMIT, septet packing ------------

DESTINATION = "+15550100"


@pytest.mark.parametrize("kind", list(CLASSES))
def test_split(benchmark: Any, kernels: str, kind: str) -> None:
    benchmark.group = f"wire-{kind}"
    benchmark(_mapped(sms_codec.split, corpus(kind, MESSAGES)))


@pytest.mark.parametrize("kind", list(CLASSES))
def test_encode(benchmark: Any, kernels: str, kind: str) -> None:
    benchmark.group = f"wire-{kind}"
    benchmark(_mapped(sms_codec.encode, corpus(kind, MESSAGES)))


@pytest.mark.parametrize("kind", list(CLASSES))
def test_smpplib_make_parts(benchmark: Any, kind: str) -> None:
    import smpplib.gsm  # type: ignore[import-untyped]

    benchmark.group = f"wire-{kind}"
    benchmark(_mapped(smpplib.gsm.make_parts, corpus(kind, MESSAGES)))


@pytest.mark.parametrize("kind", list(CLASSES))
def test_encode_submit(benchmark: Any, kernels: str, kind: str) -> None:
    from sms_codec.pdu import submit

    def run(body: str) -> list[bytes]:
        return [submit(s, DESTINATION) for s in sms_codec.encode(body, reference=7)]

    benchmark.group = f"pdu-{kind}"
    benchmark(_mapped(run, corpus(kind, MESSAGES)))


@pytest.mark.parametrize("kind", [k for k in CLASSES if k != "emoji"])  # it raises on astral
def test_gsmmodem_encode_submit_pdu(benchmark: Any, kind: str) -> None:
    from gsmmodem.pdu import encodeSmsSubmitPdu  # type: ignore[import-untyped]

    benchmark.group = f"pdu-{kind}"
    benchmark(_mapped(lambda b: encodeSmsSubmitPdu(DESTINATION, b, reference=7),
                      corpus(kind, MESSAGES)))


@pytest.mark.parametrize("size", [160, 1000])
def test_pack_septets(benchmark: Any, kernels: str, size: int) -> None:
    septets = bytes(i * 37 % 128 for i in range(size))
    benchmark.group = f"septets-{size}"
    assert sms_codec.gsm7.unpack_septets(benchmark(sms_codec.gsm7.pack_septets, septets)) [
        :size] == septets


@pytest.mark.parametrize("size", [160, 1000])
def test_unpack_septets(benchmark: Any, kernels: str, size: int) -> None:
    packed = sms_codec.gsm7.pack_septets(bytes(i * 37 % 128 for i in range(size)))
    benchmark.group = f"septets-{size}"
    assert len(benchmark(sms_codec.gsm7.unpack_septets, packed, 0, size)) == size
