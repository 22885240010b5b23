"""Link stores: the :class:`LinkStore` protocol, :class:`MemoryStore`, :class:`SQLiteStore`
(:mod:`sqlite3` is imported only when one is opened), :class:`RedisStore` (optional
``redis`` package) and :func:`open_store`."""

from __future__ import annotations

import json
import os
import queue
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from sms_codec._checks import check_type, optional_module
from sms_codec.errors import ArgumentTypeError, LinkError, OptionError, StoreError
from sms_codec.links.model import ClickEvent, Link

if TYPE_CHECKING:
    import sqlite3

__all__ = [
    "CLICK_ID_SECONDS",
    "LinkStore",
    "MemoryStore",
    "RedisStore",
    "SQLiteStore",
    "open_store",
]


@runtime_checkable
class LinkStore(Protocol):
    """What a link store does; :class:`MemoryStore`, :class:`SQLiteStore` and
    :class:`RedisStore` implement it, and so can a user's own class."""

    def add(self, link: Link) -> bool:
        """Save ``link`` if its code is free; ``False`` (and no change) if it is taken."""
        ...

    def get(self, code: str) -> Link | None:
        """The link with ``code``, or ``None``."""
        ...

    def record_click(self, event: ClickEvent) -> None:
        """Append one click event."""
        ...

    def clicks(self, code: str | None = None) -> list[ClickEvent]:
        """Click events in the order recorded, all or those of one code."""
        ...

    def click_count(self, code: str) -> int:
        """How many clicks were recorded for ``code``."""
        ...

    def close(self) -> None:
        """Release connections; the store is not used afterwards."""
        ...


_EVENT_KEYS = frozenset(ClickEvent.__annotations__)


def _check_event(event: object) -> None:
    check_type(event, "event", dict, "a ClickEvent dict")
    assert isinstance(event, dict)
    if event.keys() != _EVENT_KEYS:
        missing = sorted(_EVENT_KEYS - event.keys())
        extra = sorted(map(str, event.keys() - _EVENT_KEYS))
        raise OptionError(f"event is not a ClickEvent: missing {missing}, unknown {extra}")
    for key, kind in (("code", str), ("shortUrl", str), ("longUrl", str), ("dateTime", str),
                      ("tags", dict), ("timestamp", int), ("lag", int), ("bot", bool)):
        if not isinstance(event[key], kind) or (kind is int and isinstance(event[key], bool)):
            raise OptionError(
                f"event[{key!r}] must be a {kind.__name__}, not {type(event[key]).__name__}"
            )


def _check_code(code: object, optional: bool = False) -> None:
    if not (optional and code is None):
        check_type(code, "code", str, "None or a str" if optional else "a str")


def _event_json(event: ClickEvent) -> str:
    return json.dumps(event, ensure_ascii=False, separators=(",", ":"))


def _event_from_json(data: str | bytes) -> ClickEvent:
    try:
        event: ClickEvent = json.loads(data)
    except ValueError as error:
        raise StoreError(f"corrupt click record {data!r:.120}: {error}") from error
    return event


class MemoryStore:
    """A store in this process's memory, for tests and one-off scripts.

    >>> store = MemoryStore()
    >>> store.add(Link("a", "https://s.example/a", "https://x.example/", 0.0))
    True
    >>> store.add(Link("a", "https://s.example/a", "https://other.example/", 0.0))
    False
    >>> store.get("a").long_url
    'https://x.example/'
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._links: dict[str, Link] = {}
        self._clicks: list[ClickEvent] = []

    def add(self, link: Link) -> bool:
        check_type(link, "link", Link, "a Link")
        with self._lock:
            if link.code in self._links:
                return False
            self._links[link.code] = link
            return True

    def get(self, code: str) -> Link | None:
        _check_code(code)
        with self._lock:
            return self._links.get(code)

    def record_click(self, event: ClickEvent) -> None:
        _check_event(event)
        copied = _event_from_json(_event_json(event))
        with self._lock:
            self._clicks.append(copied)

    def clicks(self, code: str | None = None) -> list[ClickEvent]:
        _check_code(code, optional=True)
        with self._lock:
            return [e for e in self._clicks if code is None or e["code"] == code]

    def click_count(self, code: str) -> int:
        _check_code(code)
        with self._lock:
            return sum(1 for e in self._clicks if e["code"] == code)

    def close(self) -> None:
        return None


_SCHEMA = """
CREATE TABLE IF NOT EXISTS links (
    code TEXT PRIMARY KEY,
    record TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS clicks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    code TEXT NOT NULL,
    record TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS clicks_by_code ON clicks (code, id);
"""


class SQLiteStore:
    """A store in one SQLite file (WAL mode), the embedded default.

    Safe with many threads (a pool of connections) and many processes writing at once
    (WAL plus a busy timeout); a process that forks gets fresh connections.

    >>> import tempfile, os
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     store = SQLiteStore(os.path.join(folder, "links.db"))
    ...     store.add(Link("a", "https://s.example/a", "https://x.example/", 0.0))
    ...     store.get("a").long_url
    ...     store.close()
    True
    'https://x.example/'
    """

    def __init__(self, path: str | os.PathLike[str], *, timeout: float = 30.0) -> None:
        self.path = os.fspath(path)
        if self.path in ("", ":memory:") or self.path.startswith("file:"):
            raise LinkError(
                f"SQLiteStore needs a file path, got {self.path!r}; use MemoryStore in memory"
            )
        self.timeout = timeout
        self._pid = os.getpid()
        self._pool: queue.SimpleQueue[sqlite3.Connection] = queue.SimpleQueue()
        with self._connection() as conn:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.executescript(_SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        import sqlite3

        try:
            conn = sqlite3.connect(
                self.path, timeout=self.timeout, isolation_level=None, check_same_thread=False
            )
        except sqlite3.Error as error:
            raise StoreError(f"cannot open SQLite store {self.path!r}: {error}") from error
        conn.execute(f"PRAGMA busy_timeout={int(self.timeout * 1000)}")
        conn.execute("PRAGMA synchronous=NORMAL")
        return conn

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        import sqlite3

        if os.getpid() != self._pid:
            # A forked child must not share the parent's SQLite handles.
            self._pid = os.getpid()
            self._pool = queue.SimpleQueue()
        try:
            conn = self._pool.get_nowait()
        except queue.Empty:
            conn = self._connect()
        try:
            yield conn
        except sqlite3.Error as error:
            conn.close()
            raise StoreError(f"SQLite store {self.path!r}: {error}") from error
        self._pool.put(conn)

    def add(self, link: Link) -> bool:
        check_type(link, "link", Link, "a Link")
        with self._connection() as conn:
            cursor = conn.execute(
                "INSERT OR IGNORE INTO links (code, record) VALUES (?, ?)",
                (link.code, link.to_json()),
            )
            return cursor.rowcount == 1

    def get(self, code: str) -> Link | None:
        _check_code(code)
        with self._connection() as conn:
            row = conn.execute("SELECT record FROM links WHERE code = ?", (code,)).fetchone()
        return None if row is None else Link.from_json(row[0])

    def record_click(self, event: ClickEvent) -> None:
        _check_event(event)
        with self._connection() as conn:
            conn.execute(
                "INSERT INTO clicks (code, record) VALUES (?, ?)",
                (event["code"], _event_json(event)),
            )

    def clicks(self, code: str | None = None) -> list[ClickEvent]:
        _check_code(code, optional=True)
        with self._connection() as conn:
            if code is None:
                rows = conn.execute("SELECT record FROM clicks ORDER BY id").fetchall()
            else:
                rows = conn.execute(
                    "SELECT record FROM clicks WHERE code = ? ORDER BY id", (code,)
                ).fetchall()
        return [_event_from_json(row[0]) for row in rows]

    def click_count(self, code: str) -> int:
        _check_code(code)
        with self._connection() as conn:
            row = conn.execute("SELECT COUNT(*) FROM clicks WHERE code = ?", (code,)).fetchone()
        return int(row[0])

    def close(self) -> None:
        while True:
            try:
                self._pool.get_nowait().close()
            except queue.Empty:
                return


# Appends a click to both lists unless a click with the same id was appended in the last
# ARGV[2] seconds: a retry whose first attempt did reach Redis adds nothing.
_RECORD_ONCE = """
if ARGV[3] == '' or redis.call('SET', KEYS[3], '1', 'NX', 'EX', ARGV[2]) then
    redis.call('RPUSH', KEYS[1], ARGV[1])
    redis.call('RPUSH', KEYS[2], ARGV[1])
    return 1
end
return 0
"""
#: Seconds a click id is remembered by :class:`RedisStore` to drop a retried duplicate.
CLICK_ID_SECONDS = 120


class RedisStore:
    """A store in Redis, shared by a fleet of senders and redirectors.

    Needs the optional ``redis`` package (``pip install 'sms-codec[redis]'``). Keys are
    ``<prefix>:link:<code>`` (the link's JSON, set only if absent), ``<prefix>:clicks``
    and ``<prefix>:clicks:<code>`` (lists of click JSON), and ``<prefix>:click-id:<id>``
    for :data:`CLICK_ID_SECONDS` after a click with an ``id`` (a retried click with the
    same id is recorded once). A call waits at most ``timeout`` seconds for Redis.
    """

    def __init__(self, url: str, *, prefix: str = "sms_codec", timeout: float = 5.0) -> None:
        redis = optional_module("redis", "redis", "RedisStore")
        self.url = url
        self.prefix = prefix
        try:
            self._client: Any = redis.Redis.from_url(
                url, socket_timeout=timeout, socket_connect_timeout=timeout
            )
        except ValueError as error:
            raise LinkError(f"bad Redis URL {url!r}: {error}") from error
        self._errors: tuple[type[BaseException], ...] = (redis.RedisError,)
        self._record_once: Any = self._client.register_script(_RECORD_ONCE)

    @contextmanager
    def _guard(self) -> Iterator[None]:
        try:
            yield
        except self._errors as error:
            raise StoreError(f"Redis store {self.url!r}: {error}") from error

    def add(self, link: Link) -> bool:
        check_type(link, "link", Link, "a Link")
        with self._guard():
            added = self._client.set(f"{self.prefix}:link:{link.code}", link.to_json(), nx=True)
        return bool(added)

    def get(self, code: str) -> Link | None:
        _check_code(code)
        with self._guard():
            raw = self._client.get(f"{self.prefix}:link:{code}")
        return None if raw is None else Link.from_json(raw)

    def record_click(self, event: ClickEvent) -> None:
        _check_event(event)
        data = _event_json(event)
        click_id = str(event.get("id") or "")
        keys = [
            f"{self.prefix}:clicks",
            f"{self.prefix}:clicks:{event['code']}",
            f"{self.prefix}:click-id:{click_id}",
        ]
        with self._guard():
            self._record_once(keys=keys, args=[data, CLICK_ID_SECONDS, click_id])

    def iter_clicks(self, code: str | None = None, *, batch: int = 1000) -> Iterator[ClickEvent]:
        """Click events in the order recorded, read ``batch`` at a time."""
        key = f"{self.prefix}:clicks" if code is None else f"{self.prefix}:clicks:{code}"
        start = 0
        while True:
            with self._guard():
                rows = self._client.lrange(key, start, start + batch - 1)
            yield from (_event_from_json(row) for row in rows)
            if len(rows) < batch:
                return
            start += batch

    def clicks(self, code: str | None = None) -> list[ClickEvent]:
        _check_code(code, optional=True)
        key = f"{self.prefix}:clicks" if code is None else f"{self.prefix}:clicks:{code}"
        with self._guard():
            rows = self._client.lrange(key, 0, -1)
        return [_event_from_json(row) for row in rows]

    def click_count(self, code: str) -> int:
        _check_code(code)
        with self._guard():
            return int(self._client.llen(f"{self.prefix}:clicks:{code}"))

    def close(self) -> None:
        self._client.close()


def open_store(url: str) -> LinkStore:
    """Open a store from a URL: ``memory:``, ``sqlite:///PATH`` or ``redis://...``.

    ``sqlite:///links.db`` is relative to the working directory, ``sqlite:////var/x.db``
    absolute; ``redis://``, ``rediss://`` and ``unix://`` URLs go to :class:`RedisStore`.

    >>> type(open_store("memory:")).__name__
    'MemoryStore'
    >>> open_store("ftp://x")
    Traceback (most recent call last):
    ...
    sms_codec.errors.LinkError: unknown store URL 'ftp://x': use memory:, sqlite:///PATH or redis://HOST:PORT/DB
    """
    if not isinstance(url, str):
        raise ArgumentTypeError(f"url must be a str, not {type(url).__name__}")
    if url in ("memory:", "memory://"):
        return MemoryStore()
    if url.startswith("sqlite:///"):
        path = url[len("sqlite:///") :]
        if not path:
            raise LinkError(f"store URL {url!r} has no file path after sqlite:///")
        return SQLiteStore(path)
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisStore(url)
    raise LinkError(
        f"unknown store URL {url!r}: use memory:, sqlite:///PATH or redis://HOST:PORT/DB"
    )
