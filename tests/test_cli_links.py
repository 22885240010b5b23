"""``sms-codec serve`` and ``sms-codec clicks``, through ``main``; ``serve`` also as a real
process over real HTTP on loopback."""

from __future__ import annotations

import io
import json
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from _served import get, served

from sms_codec.cli import main
from sms_codec.links import Link, LinkStore, SQLiteStore
from sms_codec.tracking import create_app

IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1"
)
GALAXY = (
    "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36"
)


def add(store: LinkStore, code: str, long_url: str) -> Link:
    link = Link(code, f"https://sms.example/{code}", long_url, time.time())
    assert store.add(link)
    return link


def ignore(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
    return None


# ------------------------------------------------------------------ clicks


def test_cli_clicks_prints_json_lines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "c.db"
    store = SQLiteStore(db)
    app = create_app(store)
    add(store, "Cl1", "https://x.example/")
    add(store, "Cl2", "https://y.example/")
    for code, agent in [("Cl1", IPHONE), ("Cl2", "curl/8.0"), ("Cl1", GALAXY)]:
        app({"REQUEST_METHOD": "GET", "PATH_INFO": "/" + code, "HTTP_USER_AGENT": agent}, ignore)
    store.close()
    assert main(["clicks", "--store", f"sqlite:///{db}"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [json.loads(line)["code"] for line in lines] == ["Cl1", "Cl2", "Cl1"]
    assert main(["clicks", "--store", f"sqlite:///{db}", "--code", "Cl1"]) == 0
    assert [json.loads(x)["device"] for x in capsys.readouterr().out.splitlines()] == [
        "iPhone",
        "Samsung SM-S918B",
    ]
    assert main(["clicks", "--store", f"sqlite:///{db}", "--no-bots"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 2


def test_cli_clicks_empty_store_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["clicks", "--store", "memory:"]) == 0
    assert capsys.readouterr() == ("", "")


def test_cli_clicks_refuses_a_missing_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "typo.db"
    assert main(["clicks", "--store", f"sqlite:///{missing}"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no SQLite store at" in err
    assert err == f"sms-codec clicks: error: no SQLite store at {str(missing)!r}\n"
    assert not missing.exists()


def test_cli_clicks_unknown_option_is_argparse_usage(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["clicks", "--bots"])
    assert info.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        "sms-codec clicks: error: unrecognized arguments: --bots"
    )


@pytest.mark.parametrize("command", ["clicks", "serve"])
def test_cli_bad_store_url_is_a_one_line_usage_error(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([command, "--store", "postgres://db/x"]) == 2
    captured = capsys.readouterr()
    assert captured.err.count("\n") == 1
    assert captured.err.startswith(f"sms-codec {command}: error: unknown store URL")
    assert captured.err == (
        f"sms-codec {command}: error: unknown store URL 'postgres://db/x': "
        "use memory:, sqlite:///PATH or redis://HOST:PORT/DB\n"
    )
    assert "Traceback" not in captured.err


# ------------------------------------------------------------------ serve


def test_cli_serve_bad_port(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--store", "memory:", "--port", "70000"]) == 2
    assert capsys.readouterr().err == (
        "sms-codec serve: error: --port must be between 0 and 65535, got 70000\n"
    )


def test_cli_serve_busy_port_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["serve", "--store", "memory:", "--port", str(port)]) == 1
    err = capsys.readouterr().err
    assert err == (
        f"sms-codec serve: error: cannot listen on 127.0.0.1:{port}: Address already in use\n"
    )


@pytest.mark.parametrize("command", ["clicks", "serve"])
def test_cli_takes_no_body_so_never_reads_stdin(
    command: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # serve and clicks take no TEXT: a `-` is not a store URL, and stdin stays unread.
    stdin = io.StringIO("memory:\n")
    monkeypatch.setattr(sys, "stdin", stdin)
    assert main([command, "--store", "-"]) == 2
    assert stdin.tell() == 0
    assert capsys.readouterr().err == (
        f"sms-codec {command}: error: unknown store URL '-': "
        "use memory:, sqlite:///PATH or redis://HOST:PORT/DB\n"
    )


def test_cli_serve_runs_until_interrupted(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    store = SQLiteStore(db)
    add(store, "Sv1", "https://x.example/served")
    with served("serve", "--store", f"sqlite:///{db}", "--port", "0") as (port, line):
        assert "listening on http://127.0.0.1:" in line
        response = get(port, "/Sv1")
        assert response.status == 302
        assert response.getheader("Location") == "https://x.example/served"
    assert store.click_count("Sv1") == 1
    store.close()


def test_analyze_does_not_load_the_link_service() -> None:
    code = (
        "import sys; from sms_codec.cli import main; main(['analyze', 'hi']); "
        "print(sorted(m for m in ('wsgiref', 'http.server', 'sms_codec.tracking', 'sqlite3', "
        "'ua_parser', 'sms_codec.links.redirect') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.splitlines()[-1] == "[]"
