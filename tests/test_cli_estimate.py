"""``sms-codec estimate`` and gateway requests as input: recipient files, prices, the
person's report, ``--json``, and bad input as one line with exit code 2."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

try:
    import phonenumbers  # noqa: F401
except ImportError:  # pragma: no cover - the test extra installs it
    if os.environ.get("CI"):
        raise
    pytest.skip("phonenumbers is not installed (the estimate extra)", allow_module_level=True)

from sms_codec.cli import main
from sms_codec.errors import InputError
from sms_codec.estimate import estimate_request

pytestmark = pytest.mark.usefixtures("twin")

CSV = (
    "mobile,id,name,blacklisted,group\n"
    "+306912345678,a,Ana,,\n"
    "+306912345679,b,Γιώργος,false,vip\n"   # Γ is GSM, ι ώ ρ γ ο ς are not: UCS-2
    "+12025550123,c,,true,\n"
    "+905321234567,d,Şule,,vip\n"
    "+30 691 234 5678,f,Anna,,\n"           # Ana's number again
    "junk,e,X,,\n"
)
PRICES = "country,price_per_part,currency\nGR,0.045,EUR\nTR,0.02,EUR\n"
BODY = "Hi [~name], " + "x" * 62


@pytest.fixture
def files(tmp_path: Path) -> Path:
    (tmp_path / "r.csv").write_text(CSV, encoding="utf-8")
    (tmp_path / "p.csv").write_text(PRICES, encoding="utf-8")
    return tmp_path


def test_json_output(files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["estimate", "--body", BODY, "--recipients", str(files / "r.csv"),
                 "--prices", str(files / "p.csv"), "--json"])
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    # Ana: 70 septets, 1 part. Γιώργος: 74 UCS-2 units, 2 parts. Şule: 71, 2 parts.
    assert out["numberOfRecipients"] == 3
    assert out["numberOfMessages"] == 5
    assert out["partsHistogram"] == {"1": 1, "2": 2}
    assert (out["duplicates"], out["blacklisted"]) == (1, 1)
    assert out["invalidRecipients"] == [
        {"recipient": "junk", "reason": "The string supplied did not seem to be a phone number."}]
    assert out["recipientsPerGroup"] == {"vip": 2}
    assert out["cost"]["total"] == "0.175"  # 3 x 0.045 + 2 x 0.02
    assert out["cost"]["currency"] == "EUR"
    assert out["contacts"]["f"]["recipient"] == "+306912345678"


def test_person_output(files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["estimate", "--body", BODY, "--recipients", str(files / "r.csv"),
                 "--prices", str(files / "p.csv")]) == 0
    out = capsys.readouterr().out
    assert "recipients: 3 in 2 countries (1 duplicates, 1 blacklisted, 1 invalid)" in out
    assert "messages:   5 parts" in out
    assert "cost:       0.175 EUR" in out
    assert "GR                2         3       0.045       0.135" in out
    assert "transliterate the 2 UCS-2 bodies to GSM-7 (transcode=True): 2 parts, 0.065 EUR" in out


def test_jsonl_from_stdin_with_to_and_fallback(monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    lines = '{"mobile": "+306912345678", "labels": {"name": "Ana"}}\n{"mobile": "+306912345679"}\n'
    monkeypatch.setattr("sys.stdin", io.StringIO(lines))
    assert main(["estimate", "--body", "x" * 155 + "[~name]", "--recipients", "-", "--format",
                 "jsonl", "--fallback", "name=Alexandros", "--to", "+12025550123",
                 "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    # Ana: 158 septets, 1 part; Alexandros (fallback): 165, 2 parts, for both others.
    assert out["numberOfMessages"] == 5
    assert out["recipientsPerCountry"] == {"GR": 2, "US": 1}


@pytest.mark.parametrize(("name", "content", "message"), [
    ("r.csv", "mobile,name\n+306912345678,Ana,extra\n",
     "recipients row 2: 3 columns where the header has 2"),
    ("r.csv", "number\n+306912345678\n", "recipients row 1: the header has no 'mobile' column"),
    ("r.csv", "mobile,blacklisted\n+306912345678,maybe\n",
     "recipients row 2, column blacklisted: 'maybe' is not true/false"),
    ("r.jsonl", '{"mobile": "+306912345678", "labels": {"name": 3}}\n',
     "recipients row 1, column labels.name: a label must be a string, not int"),
    ("r.jsonl", '{"mobile": "+306912345678"}\n{"mobile": "+3", "extra": 1}\n',
     "recipients row 2, column extra: unknown key"),
    ("r.jsonl", '{"mobile": "+306912345678"\n', "recipients row 1: not valid JSON"),
    ("r.csv", "mobile,name\n+306912345678," + "x" * 200_000 + "\n",
     "recipients row 2: field larger than field limit (131072)"),
])
def test_bad_recipient_rows(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str,
                            content: str, message: str) -> None:
    (tmp_path / name).write_text(content, encoding="utf-8")
    assert main(["estimate", "--body", "Hi", "--recipients", str(tmp_path / name)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""  # nothing half-written
    assert captured.err.count("\n") == 1
    assert captured.err.startswith(f"sms-codec estimate: error: {message}")


def test_bad_price_column(files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (files / "bad.csv").write_text("country,cost\nGR,1\n", encoding="utf-8")
    assert main(["estimate", "--body", "Hi", "--to", "+306912345678", "--prices",
                 str(files / "bad.csv")]) == 2
    err = capsys.readouterr().err
    assert err == ("sms-codec estimate: error: prices row 1: unknown column 'cost'; the "
                   "columns are country,price_per_part[,currency]\n")


def test_routee_request(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    request = {"body": "Hi [~name]" + "x" * 155, "to": ["+306912345678"],
               "contacts": ["c1"], "groups": ["g"], "fallbackValues": {"name": "you"}}
    directory = {"contacts": {"c1": {"mobile": "+306912345679", "labels": {"name": "Ana"}}},
                 "groups": {"g": {"c2": {"mobile": "+12025550123"}}}}
    (tmp_path / "req.json").write_text(json.dumps(request), encoding="utf-8")
    (tmp_path / "dir.json").write_text(json.dumps(directory), encoding="utf-8")
    assert main(["estimate", "--request", str(tmp_path / "req.json"), "--directory",
                 str(tmp_path / "dir.json"), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["numberOfMessages"] == 6  # 168 and 166 septets: 2 parts each, 3 recipients
    assert out["totalInGroups"] == 1
    assert main(["estimate", "--request", str(tmp_path / "req.json")]) == 2
    assert "request 'contacts' names 'c1', which is kept at the gateway" in (
        capsys.readouterr().err)


def test_infobip_request_prices_the_transliterated_text() -> None:
    request = {"messages": [
        {"text": "Ğ" + "x" * 100, "destinations": [{"to": "905321234567"}]},
        {"text": "Ğ" + "x" * 100, "transliteration": "TURKISH",
         "destinations": [{"to": "905321234567"}, {"to": "+905321234568"}]},
        {"text": "Ğ" + "x" * 100, "language": {"languageCode": "TR"},
         "destinations": [{"to": "905321234567"}]},
    ]}
    plain, transliterated, national = estimate_request(request, prices={"TR": "0.02"})
    assert plain.number_of_messages == 2          # 101 UCS-2 units
    assert transliterated.number_of_messages == 2  # "G" + 100 x: 101 septets, 1 part each
    assert transliterated.cost_total == Decimal("0.04")
    assert national.number_of_messages == 1       # Ğ in the Turkish locking table
    with pytest.raises(InputError, match=r"messages\[0\]: a message needs a string 'text'"):
        estimate_request({"messages": [{"destinations": []}]})


def _run_with_stderr(stderr_tty: bool, rows: Path, progress: str) -> str:
    """``sms-codec estimate --progress PROGRESS`` in a child process whose stderr is a real
    pseudo-terminal (or a pipe); returns what it wrote there."""
    command = [sys.executable, "-m", "sms_codec", "estimate", "--body", "Hi [~name]",
               "--recipients", str(rows), "--json", "--progress", progress]
    if not stderr_tty:
        done = subprocess.run(command, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        return done.stderr
    import fcntl
    import pty
    import struct
    import termios

    leader, follower = pty.openpty()
    # A fresh pseudo-terminal is 0 columns wide, where a progress bar has no room at all.
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    with subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=follower) as child:
        os.close(follower)
        seen = b""
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            seen += chunk
        assert child.wait(timeout=300) == 0
    os.close(leader)
    return seen.decode("utf-8", "replace")


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_progress_bar_only_on_a_terminal(tmp_path: Path) -> None:
    rows = tmp_path / "many.csv"
    with rows.open("w", encoding="utf-8") as out:
        out.write("mobile,name\n")
        for i in range(120_000):
            out.write(f"+3069{i:08d},N{i % 50}\n")
    # "always" drops the half-second delay of "auto", which a fast run never reaches.
    assert "recipients" in _run_with_stderr(True, rows, "always")
    assert _run_with_stderr(True, rows, "never") == ""
    assert _run_with_stderr(False, rows, "always") == ""
    assert _run_with_stderr(False, rows, "auto") == ""


def test_strict_is_one_line_and_exit_code_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["estimate", "--body", "Hi", "--to", "+306912345678", "--to", "+3069",
                 "--strict"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == ("sms-codec estimate: error: 1 invalid recipient(s): '+3069' "
                            "(not a valid number for GR)\n")
