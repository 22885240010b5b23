"""The same contract for every link store, plus what is particular to each."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sms_codec.errors import ArgumentTypeError, SmsCodecError
from sms_codec.links import (
    ClickEvent,
    Link,
    LinkError,
    LinkStore,
    MemoryStore,
    MissingDependencyError,
    RedisStore,
    SQLiteStore,
    StoreError,
    open_store,
)


@pytest.fixture(params=["memory", "sqlite", "redis"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[LinkStore]:
    made: LinkStore
    if request.param == "memory":
        made = MemoryStore()
    elif request.param == "sqlite":
        made = SQLiteStore(tmp_path / "links.db")
    else:
        prefix = f"test-{uuid.uuid4().hex}"
        made = RedisStore(request.getfixturevalue("redis_url"), prefix=prefix)
    yield made
    if isinstance(made, RedisStore):
        client: Any = made._client
        keys = list(client.scan_iter(match=f"{made.prefix}:*"))
        if keys:
            client.delete(*keys)
    made.close()


def link(code: str, long_url: str = "https://x.example/", **kwargs: Any) -> Link:
    created = kwargs.pop("created", 1000.0)
    return Link(code, f"https://sms.example/{code}", long_url, created, **kwargs)


def event(code: str, n: int, uid: str = "") -> ClickEvent:
    return {
        "code": code,
        "shortUrl": f"https://sms.example/{code}",
        "longUrl": "https://x.example/",
        "tags": {"to": "+306900000000"},
        "timestamp": 1_700_000_000_000 + n,
        "dateTime": "2023-11-14T22:13:20.000Z",
        "ip": "203.0.113.7",
        "country": None,
        "city": None,
        "referrer": None,
        "device": "iPhone",
        "browser": "Mobile Safari",
        "os": "iOS",
        "lag": n,
        "bot": False,
        "id": hashlib.sha256(f"{code}/{n}/{uid}".encode()).hexdigest()[:32],
    }


# ------------------------------------------------------------------ the contract


def test_is_a_link_store(store: LinkStore) -> None:
    assert isinstance(store, LinkStore)


def test_add_then_get_round_trips_every_field(store: LinkStore) -> None:
    original = Link(
        "Ab3",
        "https://sms.example/Ab3",
        "https://пример.рф/акция?ц=1&x=%20#frag",
        1700000000.25,
        1700086400.25,
        {"to": "+306900000000", "campaign": "été"},
    )
    assert store.add(original) is True
    got = store.get("Ab3")
    assert got == original
    assert got is not None and dict(got.tags) == {"to": "+306900000000", "campaign": "été"}


def test_unknown_code_is_none(store: LinkStore) -> None:
    assert store.get("nope") is None


def test_codes_are_case_sensitive(store: LinkStore) -> None:
    assert store.add(link("abc", "https://lower.example/"))
    assert store.add(link("ABC", "https://upper.example/"))
    lower, upper = store.get("abc"), store.get("ABC")
    assert lower is not None and lower.long_url == "https://lower.example/"
    assert upper is not None and upper.long_url == "https://upper.example/"


def test_a_taken_code_is_refused_and_kept(store: LinkStore) -> None:
    assert store.add(link("same", "https://first.example/"))
    assert store.add(link("same", "https://second.example/")) is False
    kept = store.get("same")
    assert kept is not None and kept.long_url == "https://first.example/"


def test_clicks_in_order_and_by_code(store: LinkStore) -> None:
    store.record_click(event("a", 1))
    store.record_click(event("b", 2))
    store.record_click(event("a", 3))
    assert [e["lag"] for e in store.clicks()] == [1, 2, 3]
    assert [e["lag"] for e in store.clicks("a")] == [1, 3]
    assert store.clicks("zzz") == []
    assert store.click_count("a") == 2
    assert store.click_count("b") == 1
    assert store.click_count("zzz") == 0
    assert store.clicks("b")[0] == event("b", 2)


def test_concurrent_adds_of_one_code_admit_exactly_one(store: LinkStore) -> None:
    results: list[bool] = []
    lock = threading.Lock()
    barrier = threading.Barrier(16)

    def worker(n: int) -> None:
        barrier.wait()
        ok = store.add(link("race", f"https://x.example/{n}"))
        with lock:
            results.append(ok)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [False] * 15 + [True]


def test_concurrent_clicks_are_all_kept(store: LinkStore) -> None:
    def worker(n: int) -> None:
        for i in range(40):
            store.record_click(event(f"c{n % 4}", i, uid=str(n)))

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(store.clicks()) == 640
    assert [store.click_count(f"c{k}") for k in range(4)] == [160, 160, 160, 160]


# ------------------------------------------------------------------ SQLite


def test_sqlite_is_one_file_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "one.db"
    store = SQLiteStore(path)
    store.add(link("k"))
    store.close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    reopened = SQLiteStore(str(path))
    got = reopened.get("k")
    assert got is not None and got.long_url == "https://x.example/"
    reopened.close()


WRITER = """
import sys
from sms_codec.links import Link, SQLiteStore
store = SQLiteStore(sys.argv[1])
who = sys.argv[2]
for i in range(100):
    store.add(Link(f"{who}x{i}", "s", f"https://x.example/{i}", 0.0))
    store.record_click({"code": who, "shortUrl": "s", "longUrl": "l", "tags": {},
        "timestamp": i, "dateTime": "d", "ip": None, "country": None, "city": None,
        "referrer": None, "device": None, "browser": None, "os": None, "lag": i, "bot": False,
        "id": f"{who}-{i}"})
store.close()
"""


def test_sqlite_several_processes_write_at_once(tmp_path: Path) -> None:
    path = tmp_path / "shared.db"
    SQLiteStore(path).close()
    env = dict(os.environ)
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(path), f"p{n}"], env=env)
        for n in range(4)
    ]
    assert [p.wait(timeout=60) for p in procs] == [0, 0, 0, 0]
    store = SQLiteStore(path)
    assert len(store.clicks()) == 400
    assert [store.click_count(f"p{n}") for n in range(4)] == [100, 100, 100, 100]
    assert store.get("p3x99") is not None
    store.close()


def test_sqlite_refuses_memory_path() -> None:
    with pytest.raises(LinkError, match="MemoryStore"):
        SQLiteStore(":memory:")


def test_sqlite_unopenable_path_is_a_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="cannot open SQLite store"):
        SQLiteStore(tmp_path / "no" / "such" / "dir.db")


def test_corrupt_record_is_a_store_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.db"
    SQLiteStore(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO links (code, record) VALUES ('bad', '{not json')")
    store = SQLiteStore(path)
    with pytest.raises(StoreError, match="corrupt link record"):
        store.get("bad")
    store.close()


# ------------------------------------------------------------------ Redis


def test_redis_keys_layout(redis_url: str) -> None:
    url = redis_url
    prefix = f"layout-{uuid.uuid4().hex}"
    store = RedisStore(url, prefix=prefix)
    client: Any = store._client
    try:
        store.add(link("K1"))
        store.record_click(event("K1", 5))
        assert client.exists(f"{prefix}:link:K1") == 1
        assert client.llen(f"{prefix}:clicks") == 1
        assert client.llen(f"{prefix}:clicks:K1") == 1
    finally:
        client.delete(f"{prefix}:link:K1", f"{prefix}:clicks", f"{prefix}:clicks:K1")
        store.close()


def test_redis_unreachable_is_a_store_error() -> None:
    store = RedisStore("redis://127.0.0.1:1/0")
    with pytest.raises(StoreError, match="Redis store"):
        store.get("x")
    store.close()


def test_redis_missing_package_is_explained(monkeypatch: pytest.MonkeyPatch) -> None:
    # A None entry in sys.modules makes "import redis" fail, as if it were not installed.
    monkeypatch.setitem(sys.modules, "redis", None)
    with pytest.raises(MissingDependencyError, match=r"pip install 'sms-codec\[redis\]'") as info:
        RedisStore("redis://127.0.0.1:6379/0")
    assert isinstance(info.value, ImportError) and isinstance(info.value, SmsCodecError)


# ------------------------------------------------------------------ open_store


def test_open_store_urls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert isinstance(open_store("memory:"), MemoryStore)
    monkeypatch.chdir(tmp_path)
    relative = open_store("sqlite:///rel.db")
    assert isinstance(relative, SQLiteStore)
    relative.close()
    assert (tmp_path / "rel.db").exists()
    absolute = open_store(f"sqlite:///{tmp_path / 'abs.db'}")
    assert isinstance(absolute, SQLiteStore) and absolute.path == f"{tmp_path}/abs.db"
    absolute.close()
    assert isinstance(open_store("redis://127.0.0.1:6379/0"), RedisStore)


@pytest.mark.parametrize("url", ["", "sqlite:///", "sqlite://x.db", "postgres://x/y", "links.db"])
def test_open_store_rejects_unknown_urls(url: str) -> None:
    with pytest.raises(LinkError) as info:
        open_store(url)
    assert isinstance(info.value, ValueError)
    assert repr(url) in str(info.value)


def test_open_store_needs_a_str() -> None:
    with pytest.raises(ArgumentTypeError) as info:
        open_store(Path("links.db"))  # type: ignore[arg-type]
    assert isinstance(info.value, TypeError)
    assert str(info.value) == "url must be a str, not PosixPath"
