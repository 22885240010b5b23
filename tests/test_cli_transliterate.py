"""``sms-codec transliterate`` through ``main``: output, JSON, stdin, exit codes."""

from __future__ import annotations

import io
import json
import sys

import pytest

from sms_codec.cli import main


def run_cli(argv: list[str]) -> int:
    return main(["transliterate", *argv])


def test_cli_shows_result_parts_and_replacements(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["--mode", "CYRILLIC", "Щи ж"]) == 0
    assert capsys.readouterr().out == (
        "Shchi zh\n"
        "parts: 1 (GSM7), original: 1 (UCS2)\n"
        "replacements: 3\n"
        "  0: 'Щ' -> 'Shch' (map)\n"
        "  1: 'и' -> 'i' (map)\n"
        "  3: 'ж' -> 'zh' (map)\n"
    )


def test_cli_language_and_unsupported(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["--language", "tr", "ağ 😀"]) == 0
    assert capsys.readouterr().out == (
        "ağ 😀\n"
        "parts: 1 (UCS2), original: 1 (UCS2)\n"
        "replacements: 0\n"
        "not GSM (keep): 3: '😀' (U+1F600)\n"
    )


def test_cli_language_list(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["--language", "tr,pt", "--mode", "NONE", "ağ ã"]) == 0
    assert capsys.readouterr().out.splitlines()[:3] == [
        "ağ ã",
        "parts: 1 (GSM7), original: 1 (GSM7)",
        "replacements: 0",
    ]


def test_cli_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["--json", "--mode", "TURKISH", "Ağ"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["text"] == "Ag"
    assert payload["originalParts"] == 1
    assert payload["originalEncoding"] == "UCS2"
    assert payload["replacements"] == [
        {"index": 1, "original": "ğ", "replacement": "g", "source": "map"}
    ]


def test_cli_reads_stdin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("Łódź"))
    assert run_cli(["-"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "Lodz"


def test_cli_stdin_drops_one_trailing_newline(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("Łódź\n\n"))
    assert run_cli(["--json", "-"]) == 0
    assert json.loads(capsys.readouterr().out)["text"] == "Lodz\n"


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["--mode", "FRENCH", "x"], "unknown transliteration mode 'FRENCH'"),
        (["--language", "xx", "x"], "unknown language 'xx'"),
        (["--fallback", "drop", "x"], "unknown fallback 'drop'"),
    ],
)
def test_cli_usage_errors_exit_2_with_one_line(
    argv: list[str], needle: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_cli(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1
    assert captured.err.startswith("sms-codec transliterate: error: ")
    assert needle in captured.err
    assert "Traceback" not in captured.err


def test_cli_unsendable_body_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["a\udcff"]) == 1
    err = capsys.readouterr().err
    assert err == "sms-codec transliterate: error: lone surrogate U+DCFF at index 1\n"


def test_cli_unknown_fallback_exact_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["--fallback", "drop", "x"]) == 2
    assert capsys.readouterr().err == (
        "sms-codec transliterate: error: unknown fallback 'drop'; "
        "valid: 'keep', 'replace', 'remove'\n"
    )


def test_cli_language_list_regression(capsys: pytest.CaptureFixture[str]) -> None:
    # The list used to be split twice (in main and in the subcommand): AttributeError.
    assert main(["transliterate", "--language", "tr,es", "Ağ"]) == 0
    assert capsys.readouterr() == (
        "Ağ\nparts: 1 (GSM7), original: 1 (GSM7)\nreplacements: 0\n",
        "",
    )
