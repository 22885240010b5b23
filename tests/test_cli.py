"""``sms-codec`` itself (version, usage, the exit-code map) and its ``analyze`` command:
output, JSON, exit codes, no tracebacks. Every test goes through ``main``."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest

from sms_codec.cli import main


def test_analyze_plain_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", "Hello [world] €"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "encoding:   GSM7"
    assert "units:      18 septets" in out
    assert "remaining:  142" in out
    assert "part 1 (18 septets): Hello [world] €" in out
    assert "    escaped: [ ] €" in out
    assert "\x1b[" not in "\n".join(out)


def test_analyze_lists_unsupported_with_code_points(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", "a`Ж"]) == 0
    out = capsys.readouterr().out
    assert "unsupported: ` U+0060, Ж U+0416" in out
    assert "encoding:   UCS2" in out


def test_analyze_parts_each_on_a_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", "a" * 161]) == 0
    out = capsys.readouterr().out
    assert f"part 1 (153 septets): {'a' * 153}\n" in out
    assert f"part 2 (8 septets): {'a' * 8}\n" in out


def test_analyze_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", "--json", "--language", "tr", "şey"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["lockingShift"] == "tr"
    assert (data["parts"], data["units"], data["remaining"]) == (1, 3, 152)


def test_analyze_language_list_and_reference(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", "--json", "--language", "pt,tr", "--concat-reference", "16",
                 "ããããş"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["lockingShift"], data["singleShift"], data["units"]) == ("pt", "tr", 6)


def test_stdin(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("abc\n"))
    assert main(["analyze", "--json", "-"]) == 0
    assert json.loads(capsys.readouterr().out)["characters"] == 3


def test_unknown_language_is_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", "--language", "xx", "hi"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "unknown language 'xx'" in err
    assert err.startswith("sms-codec analyze: error: unknown language 'xx'; valid: None, ")


def test_forced_gsm7_failure(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", "--encoding", "gsm7", "aЖ"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "'Ж' (U+0416) at index 1" in err
    assert err == (
        "sms-codec analyze: error: not encodable in GSM-7 with the allowed tables: "
        "'Ж' (U+0416) at index 1\n"
    )


def test_bad_option_exits_2_with_one_line() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "sms_codec", "analyze", "--encoding", "latin1", "x"],
        capture_output=True, text=True, check=False,
    )
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1
    assert "Traceback" not in proc.stderr


def test_version_names_the_active_kernels(capsys: pytest.CaptureFixture[str]) -> None:
    import sms_codec

    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    line = capsys.readouterr().out.strip()
    assert line == f"sms-codec {sms_codec.__version__} ({sms_codec.IMPLEMENTATION} kernels)"


def test_python_dash_m_prints_version_and_usage() -> None:
    import sms_codec

    done = subprocess.run(
        [sys.executable, "-m", "sms_codec"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0
    first, usage = done.stdout.splitlines()[:2]
    assert first == f"sms-codec {sms_codec.__version__} ({sms_codec.IMPLEMENTATION} kernels)"
    assert usage.startswith("usage: sms-codec")


def test_stdin_drops_only_one_trailing_newline(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("abc\n\n"))
    assert main(["analyze", "--json", "-"]) == 0
    assert json.loads(capsys.readouterr().out)["characters"] == 4


def test_analyze_ok_exits_0_with_nothing_on_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", "hi"]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    assert "part 1 (2 septets): hi\n" in captured.out


def test_argparse_usage_error_is_one_line_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["analyze", "--encoding", "latin1", "x"])
    assert info.value.code == 2
    assert capsys.readouterr().err == (
        "sms-codec analyze: error: argument --encoding: invalid choice: 'latin1' "
        "(choose from 'auto', 'gsm7', 'ucs2')\n"
    )


def test_unrecognized_argument_names_the_subcommand(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["analyze", "--jsn", "x"])
    assert info.value.code == 2
    assert capsys.readouterr().err == "sms-codec analyze: error: unrecognized arguments: --jsn\n"


class _Interrupted(io.StringIO):
    def read(self, size: int | None = -1) -> str:
        raise KeyboardInterrupt


def test_keyboard_interrupt_exits_130(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", _Interrupted())
    assert main(["analyze", "-"]) == 130
    assert capsys.readouterr() == ("", "")


class _Undecodable(io.StringIO):
    def read(self, size: int | None = -1) -> str:
        raise UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte")


def test_unexpected_error_is_one_line_exit_1(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", _Undecodable())
    assert main(["analyze", "-"]) == 1
    assert capsys.readouterr().err == (
        "sms-codec analyze: error: UnicodeDecodeError: 'utf-8' codec can't decode byte 0xff "
        "in position 0: invalid start byte\n"
    )


def test_no_arguments_prints_version_and_usage(capsys: pytest.CaptureFixture[str]) -> None:
    import sms_codec

    assert main([]) == 0
    first, usage = capsys.readouterr().out.splitlines()[:2]
    assert first == f"sms-codec {sms_codec.__version__} ({sms_codec.IMPLEMENTATION} kernels)"
    assert usage.startswith("usage: sms-codec [-h] [--version]")


def test_missing_subcommand_is_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--json"])
    assert info.value.code == 2
    assert capsys.readouterr().err.startswith("sms-codec: error: ")
