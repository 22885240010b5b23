"""Issue 14 item 7: the CLI's stores. ``serve`` refuses a missing SQLite file unless
``--create``; ``clicks`` opens SQLite read-only (it never switches the journal mode nor
creates a table), has ``--since``, ``--limit`` and ``--counts``, and prints the visitor's
text with every control, C1 and bidi character escaped."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
import unicodedata
import uuid
from pathlib import Path
from typing import Any

import pytest
from _served import get, served

from sms_codec.cli import main
from sms_codec.errors import ArgumentTypeError, OptionError
from sms_codec.links import Link, LinkStore, RedisStore, SQLiteStore
from sms_codec.links.reports import count_clicks, read_clicks
from sms_codec.tracking import RedirectApp

IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1"
)
DAY = 1767312000.0  # 2026-01-02T00:00:00Z


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def journal_mode(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return str(conn.execute("PRAGMA journal_mode").fetchone()[0])
    finally:
        conn.close()


def fill(store: LinkStore) -> None:
    """Five clicks, ten seconds apart from DAY: A person, A bot, B person, B bot, A person."""
    for code in ("A", "B"):
        assert store.add(Link(code, f"https://s.example/{code}", f"https://x.example/{code}", 0.0))
    times = iter(DAY + 10 * n for n in range(5))
    app = RedirectApp(store, clock=lambda: next(times), rate=None)
    for code, agent in [("A", IPHONE), ("A", "curl/8.0"), ("B", IPHONE), ("B", "curl/8.0"),
                        ("A", IPHONE)]:
        environ = {"REQUEST_METHOD": "GET", "PATH_INFO": "/" + code, "HTTP_USER_AGENT": agent,
                   "HTTP_REFERER": f"https://r.example/{code}"}
        app(environ, lambda status, headers: None)


def lines(capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


# ------------------------------------------------------------------ serve


def test_serve_refuses_a_missing_sqlite_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    typo = tmp_path / "typo.db"
    assert main(["serve", "--store", f"sqlite:///{typo}", "--port", "0"]) == 1
    assert capsys.readouterr().err == (
        f"sms-codec serve: error: no SQLite store at {str(typo)!r} (--create makes a new one)\n"
    )
    assert not typo.exists()


def test_serve_create_makes_the_store(tmp_path: Path) -> None:
    new = tmp_path / "new.db"
    with served("serve", "--store", f"sqlite:///{new}", "--create", "--port", "0") as (port, _):
        assert get(port, "/Nope1").status == 404
    assert new.is_file()
    assert SQLiteStore(new).clicks() == []


@pytest.mark.parametrize(
    ("option", "message"),
    [
        (["--rate", "-1"], "--rate must be 0 (no limit) or a positive number, got -1.0"),
        (["--burst", "0"], "burst must be a positive int, got 0"),
        (["--workers", "0"], "workers must be a positive int, got 0"),
        (["--read-timeout", "0"], "read_timeout must be a positive number of seconds, got 0.0"),
    ],
)
def test_serve_checks_its_limits(
    option: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["serve", "--store", "memory:", "--port", "0", *option]) == 2
    assert capsys.readouterr().err == f"sms-codec serve: error: {message}\n"


# ------------------------------------------------------------------ clicks reads only


def test_clicks_leaves_another_applications_database_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "app.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE users (name TEXT)")
    conn.execute("INSERT INTO users VALUES ('ada')")
    conn.commit()
    conn.close()
    before = digest(other)
    assert main(["clicks", "--store", f"sqlite:///{other}"]) == 1
    assert capsys.readouterr().err == (
        f"sms-codec clicks: error: {str(other)!r} is not a link store: it has no clicks table\n"
    )
    assert digest(other) == before
    assert journal_mode(other) == "delete"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["app.db"]


def test_clicks_reads_a_store_without_changing_its_journal_mode(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "links.db"
    store = SQLiteStore(db)
    fill(store)
    store.close()
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.close()
    before = digest(db)
    assert main(["clicks", "--store", f"sqlite:///{db}"]) == 0
    assert [e["code"] for e in lines(capsys)] == ["A", "A", "B", "B", "A"]
    assert digest(db) == before
    assert journal_mode(db) == "delete"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["links.db"]


# ------------------------------------------------------------------ --since, --limit, --counts


@pytest.fixture(params=["sqlite", "redis"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Any:
    if request.param == "sqlite":
        db = tmp_path / "links.db"
        store: LinkStore = SQLiteStore(db)
        fill(store)
        store.close()
        yield f"sqlite:///{db}"
        return
    base = request.getfixturevalue("redis_url").rsplit("/", 1)[0]
    url = f"{base}/7"  # the CLI reads the default prefix: a database of this test's own
    redis_store = RedisStore(url)
    client: Any = redis_store._client
    client.flushdb()
    fill(redis_store)
    try:
        yield url
    finally:
        client.flushdb()
        redis_store.close()


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ([], ["A", "A", "B", "B", "A"]),
        (["--since", "2026-01-02T00:00:15Z"], ["B", "B", "A"]),
        (["--since", "2026-01-02T01:00:15+01:00"], ["B", "B", "A"]),
        (["--since", str(DAY + 15)], ["B", "B", "A"]),
        (["--since", "2026-01-03"], []),
        (["--limit", "2"], ["A", "A"]),
        (["--limit", "0"], []),
        (["--since", "2026-01-02T00:00:15", "--limit", "1"], ["B"]),
        (["--no-bots", "--limit", "2"], ["A", "B"]),
        (["--code", "B", "--since", str(DAY + 25)], ["B"]),
    ],
)
def test_clicks_since_and_limit(
    store_url: str, options: list[str], expected: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["clicks", "--store", store_url, *options]) == 0
    assert [e["code"] for e in lines(capsys)] == expected


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ([], [("A", 3, 2, 1), ("B", 2, 1, 1)]),
        (["--since", str(DAY + 15)], [("A", 1, 1, 0), ("B", 2, 1, 1)]),
        (["--no-bots"], [("A", 2, 2, 0), ("B", 1, 1, 0)]),
        (["--code", "A"], [("A", 3, 2, 1)]),
    ],
)
def test_clicks_counts_per_link_people_and_bots_apart(
    store_url: str,
    options: list[str],
    expected: list[tuple[str, int, int, int]],
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["clicks", "--store", store_url, "--counts", *options]) == 0
    assert [(c["code"], c["clicks"], c["human"], c["bot"]) for c in lines(capsys)] == expected


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--since", "yesterday"],
         "--since must be an ISO 8601 date or date-time or Unix seconds, got 'yesterday'"),
        (["--limit", "-1"], "--limit must be 0 or more, got -1"),
    ],
)
def test_clicks_bad_options_are_usage_errors(
    options: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["clicks", "--store", "memory:", *options]) == 2
    assert capsys.readouterr().err == f"sms-codec clicks: error: {message}\n"


def test_read_clicks_checks_its_arguments() -> None:
    with pytest.raises(ArgumentTypeError, match="url must be a str, not int"):
        read_clicks(5)  # type: ignore[arg-type]
    with pytest.raises(OptionError, match="limit must be a non-negative int, got -1"):
        read_clicks("memory:", limit=-1)
    with pytest.raises(ArgumentTypeError, match="since must be Unix seconds, not str"):
        read_clicks("memory:", since="2026")  # type: ignore[arg-type]
    assert count_clicks([]) == []


def test_redis_clicks_are_read_in_batches(redis_url: str) -> None:
    store = RedisStore(redis_url, prefix=f"batch-{uuid.uuid4().hex}")
    try:
        assert store.add(Link("Bt1", "https://s.example/Bt1", "https://x.example/", 0.0))
        app = RedirectApp(store, rate=None)
        for n in range(7):
            app({"REQUEST_METHOD": "GET", "PATH_INFO": "/Bt1", "HTTP_REFERER": f"r{n}"},
                lambda status, headers: None)
        for batch in (1, 3, 7, 100):
            got = [e["referrer"] for e in store.iter_clicks("Bt1", batch=batch)]
            assert got == [f"r{n}" for n in range(7)]
    finally:
        client: Any = store._client
        client.delete(*client.keys(f"{store.prefix}:*"))
        store.close()


# ------------------------------------------------------------------ the visitor's text, escaped


def test_clicks_escapes_controls_c1_and_bidi_from_the_referer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    referer = "https://r.example/\x1b[2J\x9b31m\u202egnp.exe\u2066\u200b\u2028\x7f\U000e0041é"
    db = tmp_path / "links.db"
    store = SQLiteStore(db)
    assert store.add(Link("Esc1", "https://s.example/Esc1", "https://x.example/", time.time()))
    app = RedirectApp(store, rate=None)
    # As a WSGI server hands it over: the UTF-8 bytes of the header, read as latin-1.
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": "/Esc1",
               "HTTP_REFERER": referer.encode("utf-8").decode("latin-1")}
    app(environ, lambda status, headers: None)
    store.close()
    assert main(["clicks", "--store", f"sqlite:///{db}"]) == 0
    out = capsys.readouterr().out
    unsafe = [c for c in out if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp")]
    assert unsafe == ["\n"]  # the line ends, nothing else acts on the terminal
    assert "\\u202e" in out and "\\u009b" in out and "\\udb40\\udc41" in out and "é" in out
    assert json.loads(out)["referrer"] == referer  # and a JSON reader gets it back exactly
