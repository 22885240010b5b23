"""Reading clicks for a report, without writing to the store: :func:`read_clicks` streams
events (SQLite is opened read-only, Redis read in batches) and :func:`count_clicks`
totals them per link, people and bots apart.

>>> events = [{"code": "b", "bot": False}, {"code": "a", "bot": True}, {"code": "b", "bot": True}]
>>> count_clicks(events)
[{'code': 'a', 'clicks': 1, 'human': 0, 'bot': 1}, {'code': 'b', 'clicks': 2, 'human': 1, 'bot': 1}]
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, TypedDict
from urllib.parse import quote

from sms_codec.errors import ArgumentTypeError, LinkError, OptionError, StoreError
from sms_codec.links.model import ClickEvent
from sms_codec.links.stores import RedisStore

if TYPE_CHECKING:
    import sqlite3

__all__ = ["ClickCount", "count_clicks", "read_clicks"]


class ClickCount(TypedDict):
    """The clicks of one link: all of them, by people and by bots."""

    code: str
    clicks: int
    human: int
    bot: int


def read_clicks(
    url: str,
    *,
    code: str | None = None,
    since: float | None = None,
    limit: int | None = None,
    bots: bool = True,
) -> Iterator[ClickEvent]:
    """The click events of the store at ``url`` in the order recorded: those of ``code``,
    at or after Unix time ``since`` (seconds), bots only if ``bots``, at most ``limit``.

    Nothing is written: a SQLite file is opened with ``mode=ro`` (its journal mode and
    tables are left as they are; a file without a ``clicks`` table is a
    :class:`~sms_codec.errors.StoreError`), and events are read a batch at a time.

    >>> list(read_clicks("memory:"))
    []
    """
    if not isinstance(url, str):
        raise ArgumentTypeError(f"url must be a str, not {type(url).__name__}")
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 0):
        raise OptionError(f"limit must be a non-negative int, got {limit!r}")
    if since is not None and (isinstance(since, bool) or not isinstance(since, (int, float))):
        raise ArgumentTypeError(f"since must be Unix seconds, not {type(since).__name__}")
    return _filtered(_events(url, code), None if since is None else since * 1000, limit, bots)


def _filtered(
    events: Iterator[ClickEvent], since_ms: float | None, limit: int | None, bots: bool
) -> Iterator[ClickEvent]:
    shown = 0
    try:
        for event in events:
            if limit is not None and shown >= limit:
                return
            if since_ms is not None and event.get("timestamp", 0) < since_ms:
                continue
            if not bots and event.get("bot"):
                continue
            shown += 1
            yield event
    finally:
        close = getattr(events, "close", None)
        if close is not None:
            close()


def _events(url: str, code: str | None) -> Iterator[ClickEvent]:
    if url in ("memory:", "memory://"):
        return iter(())
    if url.startswith("sqlite:///"):
        return _sqlite_events(url[len("sqlite:///") :], code)
    if url.startswith(("redis://", "rediss://", "unix://")):
        return _redis_events(url, code)
    raise LinkError(
        f"unknown store URL {url!r}: use memory:, sqlite:///PATH or redis://HOST:PORT/DB"
    )


def _sqlite_events(path: str, code: str | None) -> Iterator[ClickEvent]:
    import sqlite3

    if not path:
        raise LinkError("store URL 'sqlite:///' has no file path after sqlite:///")
    if not os.path.isfile(path):
        raise StoreError(f"no SQLite store at {path!r}")
    uri = "file:" + quote(os.path.abspath(path)) + "?mode=ro"
    conn = None
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=30.0)
        table = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'clicks'"
        ).fetchone()
    except sqlite3.Error as error:
        if conn is not None:
            conn.close()
        raise StoreError(f"cannot open SQLite store {path!r}: {error}") from error
    if table is None:
        conn.close()
        raise StoreError(f"{path!r} is not a link store: it has no clicks table")
    return _sqlite_rows(conn, path, code)


def _sqlite_rows(conn: sqlite3.Connection, path: str, code: str | None) -> Iterator[ClickEvent]:
    import sqlite3

    try:
        if code is None:
            rows = conn.execute("SELECT record FROM clicks ORDER BY id")
        else:
            rows = conn.execute("SELECT record FROM clicks WHERE code = ? ORDER BY id", (code,))
        for (record,) in rows:
            yield _event(record)
    except sqlite3.Error as error:
        raise StoreError(f"SQLite store {path!r}: {error}") from error
    finally:
        conn.close()


def _redis_events(url: str, code: str | None) -> Iterator[ClickEvent]:
    store = RedisStore(url)
    try:
        yield from store.iter_clicks(code)
    finally:
        store.close()


def _event(record: Any) -> ClickEvent:
    try:
        event: ClickEvent = json.loads(record)
    except (TypeError, ValueError) as error:
        raise StoreError(f"corrupt click record {record!r:.120}: {error}") from error
    return event


def count_clicks(events: Iterable[Mapping[str, Any]]) -> list[ClickCount]:
    """Clicks per link code (sorted by code), with the people (``bot`` false) and the
    bots apart; memory grows with the number of codes, not of events."""
    totals: dict[str, list[int]] = {}
    for event in events:
        pair = totals.setdefault(str(event["code"]), [0, 0])
        pair[1 if event.get("bot") else 0] += 1
    return [
        {"code": code, "clicks": human + bot, "human": human, "bot": bot}
        for code, (human, bot) in sorted(totals.items())
    ]
