"""Links in SMS bodies: detection, short-link rewriting for click tracking, and link stores.

Detection finds ``http``/``https`` URLs, ``www.`` hosts and bare hosts whose top level
domain is in the bundled IANA list; rewriting replaces every link with a short tracking
link of fixed length; the stores keep the links and the click events the redirect service
(:mod:`sms_codec.tracking`) records.

>>> [span.url for span in find_urls("Sale! See example.com/sale, or https://x.example/a_(b).")]
['example.com/sale', 'https://x.example/a_(b)']
>>> store = MemoryStore()
>>> shortener = Shortener("https://sms.example/", store=store, code_length=7)
>>> result = shorten("Hi, see example.com/sale!", shortener, tags={"to": "+306900000000"})
>>> len(result.text) == len("Hi, see https://sms.example/AbCdEfG!")
True
>>> result.urls[0]["longUrl"]
'http://example.com/sale'
"""

from __future__ import annotations

import ipaddress
import json
import os
import queue
import secrets
import sqlite3
import string
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, Protocol, TypedDict, runtime_checkable
from urllib.parse import urlsplit

import regex

from sms_codec._checks import optional_module
from sms_codec._tlds import TLDS
from sms_codec.errors import LinkError, MissingDependencyError, StoreError
from sms_codec.tables import DEFAULT_ALPHABET

__all__ = [
    "ClickEvent",
    "Link",
    "LinkError",
    "LinkStore",
    "MemoryStore",
    "MissingDependencyError",
    "RedisStore",
    "SQLiteStore",
    "ShortLinks",
    "ShortUrl",
    "Shortened",
    "Shortener",
    "StoreError",
    "UrlSpan",
    "find_urls",
    "open_store",
    "shorten",
]


# --------------------------------------------------------------------------- detection


@dataclass(frozen=True)
class UrlSpan:
    """One link found in a text: ``text[start:end] == url``.

    >>> UrlSpan(4, 15, "example.com")
    UrlSpan(start=4, end=15, url='example.com')
    """

    start: int
    end: int
    url: str


# A host label is either Latin-script (with digits and inner hyphens) or of one other
# script; splitting on the script change is what finds links glued to Cyrillic or Han text.
_LATIN_LABEL = r"[\p{Latin}0-9](?:[\p{Latin}\p{M}0-9\-]{0,61}[\p{Latin}\p{M}0-9])?"
_OTHER_LABEL = (
    r"[\p{L}--\p{Latin}](?:[[\p{L}\p{M}\p{N}\-]--\p{Latin}]{0,61}[[\p{L}\p{M}\p{N}]--\p{Latin}])?"
)
_LABEL = rf"(?:{_LATIN_LABEL}|{_OTHER_LABEL})"
# Full-width CJK punctuation never occurs inside a real URL (it would be percent-encoded),
# so it ends a link outright instead of being trimmed afterwards. So do separators and
# invisible format characters (zero-width space, soft hyphen, bidi marks): they are not
# part of a URL, and the long URL check refuses them.
_STOPS = (
    r"\s<>\"\p{C}\p{Z}"
    r"\u3001\u3002\uff0c\uff1b\uff1a\uff01\uff1f\u300c\u300d\u300e\u300f\u3010\u3011\uff08\uff09"
)
_PATH = rf"(?:[/?#][^{_STOPS}]*)?"
_PORT = r"(?::[0-9]{1,5}(?![0-9]))?"

_URL = regex.compile(
    rf"""
    (?P<scheme>
        (?<![\p{{Latin}}0-9])(?i:https?)://
        (?:[^{_STOPS}/?#@\[\]]+@)?
        (?:(?P<literal>\[[0-9A-Fa-f:.]+\])|{_LABEL}(?:\.{_LABEL})*)
        {_PORT}{_PATH}
    )
    |
    (?<![\p{{Latin}}\p{{M}}0-9_@.\-/\\])
    (?P<host>{_LABEL}(?:\.{_LABEL})+)
    """,
    regex.VERBOSE | regex.V1,
)
_TAIL = regex.compile(rf"{_PORT}{_PATH}", regex.V1)
_TRAILING = frozenset(".,;:!?…»”’'\u3002\uff0c")
_CLOSERS = {")": "(", "]": "[", "}": "{"}
# Top level domains that are also everyday file extensions: bare "report.zip" is a file
# name far more often than a site, so these need a path (or www./a scheme) to count.
_FILE_LIKE_TLDS = frozenset({"zip", "mov"})


def _tld_key(label: str) -> str:
    lowered = label.lower()
    if lowered.isascii():
        return lowered
    try:
        return "xn--" + lowered.encode("punycode").decode("ascii")
    except UnicodeError:
        return ""


def _is_ipv6(address: str) -> bool:
    try:
        ipaddress.IPv6Address(address)
    except ValueError:
        return False
    return True


def _trim(url: str) -> str:
    counts = {ch: url.count(ch) for ch in "()[]{}"}
    end = len(url)
    while end:
        last = url[end - 1]
        opener = _CLOSERS.get(last)
        if last in _TRAILING or (opener is not None and counts[opener] < counts[last]):
            if opener is not None:
                counts[last] -= 1
            end -= 1
        else:
            break
    return url[:end]


def _host_labels(text: str, host: str, end: int) -> int:
    """Return how many leading labels of ``host`` form a link (0: not a link)."""
    labels = host.split(".")
    after = text[end : end + 1]
    if after and after in "@_-":
        return 0
    has_path = after != "" and after in "/?#"
    www = labels[0].lower() == "www"
    for count in range(len(labels), 1, -1):
        tld = labels[count - 1]
        if www and count >= 3 and (tld.isalpha() or tld.lower().startswith("xn--")):
            return count
        if tld != tld.lower() and tld != tld.upper():
            continue
        key = _tld_key(tld)
        if key not in TLDS:
            continue
        if key in _FILE_LIKE_TLDS and not (has_path and count == len(labels)):
            continue
        return count
    return 0


def find_urls(text: str) -> list[UrlSpan]:
    """Return the links in ``text``, left to right, as :class:`UrlSpan` objects.

    Links are ``http://``/``https://`` URLs, ``www.`` hosts and bare hosts whose top level
    domain is in the bundled IANA list (Unicode or ``xn--``). Trailing punctuation is left
    out, closing brackets are kept only while balanced, and e-mail addresses, file names,
    version numbers and decimals are not links.

    >>> find_urls("Ссылка:example.ru/акция. Mail me@example.com, v1.2.3, 3.14")
    [UrlSpan(start=7, end=23, url='example.ru/акция')]
    >>> [s.url for s in find_urls("(https://x.example/a_(b)) www.пример.рф!")]
    ['https://x.example/a_(b)', 'www.пример.рф']
    """
    if not isinstance(text, str):
        raise LinkError(f"find_urls needs a str, got {type(text).__name__}")
    spans: list[UrlSpan] = []
    for match in _URL.finditer(text):
        start = match.start()
        if spans and start < spans[-1].end:
            # Inside the path or query of the link just found (a bare host's tail is
            # taken after the match): part of that link, not one of its own.
            continue
        if match.group("scheme") is not None:
            literal = match.group("literal")
            if literal is not None and not _is_ipv6(literal[1:-1]):
                continue
            url = _trim(match.group("scheme"))
            if len(url) <= url.index("://") + 3:
                continue
            spans.append(UrlSpan(start, start + len(url), url))
            continue
        host = match.group("host")
        count = _host_labels(text, host, match.end())
        if count == 0:
            continue
        end = start + len(".".join(host.split(".")[:count]))
        if count == host.count(".") + 1:
            tail = _TAIL.match(text, end)
            if tail is not None:
                end = tail.end()
        url = _trim(text[start:end])
        spans.append(UrlSpan(start, start + len(url), url))
    return spans


# --------------------------------------------------------------------------- links


class ShortUrl(TypedDict):
    """One rewritten link, in Routee's ``urls`` shape."""

    longUrl: str
    shortUrl: str


class ClickEvent(TypedDict):
    """One click on a short link, as the redirect service records it.

    ``timestamp`` is milliseconds since the Unix epoch, ``dateTime`` the same instant in
    ISO 8601 (UTC), ``lag`` whole seconds from the link's creation to the click.
    """

    code: str
    shortUrl: str
    longUrl: str
    tags: dict[str, str]
    timestamp: int
    dateTime: str
    ip: str | None
    country: str | None
    city: str | None
    referrer: str | None
    device: str | None
    browser: str | None
    os: str | None
    lag: int
    bot: bool


@dataclass(frozen=True)
class Link:
    """A short link: its code, the URLs, when it was made and until when it is valid.

    ``created`` and ``expires`` are Unix times in seconds; ``expires`` is ``None`` for a
    link that never expires.

    >>> link = Link("AbC1234", "https://sms.example/AbC1234", "https://x.example/", 100.0, 160.0)
    >>> link.expired(159.0), link.expired(160.0)
    (False, True)
    """

    code: str
    short_url: str
    long_url: str
    created: float
    expires: float | None = None
    tags: Mapping[str, str] = field(default_factory=dict)

    def expired(self, now: float | None = None) -> bool:
        """Whether the link's validity has passed at ``now`` (default: the current time)."""
        if self.expires is None:
            return False
        return (time.time() if now is None else now) >= self.expires

    def to_json(self) -> str:
        """The link as one line of JSON, the form the stores keep.

        >>> Link("c", "https://s.example/c", "https://x.example/", 1.0).to_json()
        '{"code":"c","shortUrl":"https://s.example/c","longUrl":"https://x.example/","created":1.0,"expires":null,"tags":{}}'
        """
        return json.dumps(
            {
                "code": self.code,
                "shortUrl": self.short_url,
                "longUrl": self.long_url,
                "created": self.created,
                "expires": self.expires,
                "tags": dict(self.tags),
            },
            ensure_ascii=False,
            separators=(",", ":"),
        )

    @classmethod
    def from_json(cls, data: str | bytes) -> Link:
        """Read a link written by :meth:`to_json`.

        >>> text = '{"code":"c","shortUrl":"s","longUrl":"l","created":1,"expires":null,"tags":{}}'
        >>> Link.from_json(text).code
        'c'
        """
        try:
            raw = json.loads(data)
            expires = raw["expires"]
            return cls(
                code=str(raw["code"]),
                short_url=str(raw["shortUrl"]),
                long_url=str(raw["longUrl"]),
                created=float(raw["created"]),
                expires=None if expires is None else float(expires),
                tags={str(k): str(v) for k, v in raw["tags"].items()},
            )
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise StoreError(f"corrupt link record {data!r:.120}: {error}") from error


_GSM_BASIC = frozenset(ch for ch in DEFAULT_ALPHABET if ch is not None)
CODE_ALPHABET = string.ascii_uppercase + string.ascii_lowercase + string.digits
"""The letters of short-link codes: all in the GSM 7-bit default alphabet, one septet each."""


def _check_base_url(base_url: str) -> str:
    if not isinstance(base_url, str):
        raise LinkError(f"base_url must be a str, got {type(base_url).__name__}")
    for index, ch in enumerate(base_url):
        if not (ch.isascii() and ch.isprintable() and ch != " " and ch in _GSM_BASIC):
            raise LinkError(
                f"base_url {base_url!r} has {ch!r} at index {index}, which is not a printable"
                " character of the GSM 7-bit default alphabet (a short link must cost the"
                " same in every message)"
            )
    parts = urlsplit(base_url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise LinkError(f"base_url {base_url!r} must be an absolute http:// or https:// URL")
    if parts.query or parts.fragment or "?" in base_url or "#" in base_url:
        raise LinkError(f"base_url {base_url!r} must not have a query or a fragment")
    return base_url if base_url.endswith("/") else base_url + "/"


def _check_code_length(code_length: int) -> int:
    if isinstance(code_length, bool) or not isinstance(code_length, int):
        raise LinkError(f"code_length must be an int, got {type(code_length).__name__}")
    if not 1 <= code_length <= 64:
        raise LinkError(f"code_length must be between 1 and 64, got {code_length}")
    return code_length


def _check_long_url(url: str) -> str:
    if not isinstance(url, str):
        raise LinkError(f"a long URL must be a str, got {type(url).__name__}")
    for index, ch in enumerate(url):
        if ch.isspace() or not ch.isprintable():
            raise LinkError(f"long URL {url!r} has {ch!r} at index {index}")
    try:
        parts = urlsplit(url)
    except ValueError as error:
        raise LinkError(f"long URL {url!r} is not a valid URL: {error}") from error
    if parts.scheme.lower() not in ("http", "https"):
        raise LinkError(f"long URL {url!r} is not http:// or https://; only those are shortened")
    if not parts.netloc:
        raise LinkError(f"long URL {url!r} has no host")
    host = parts.netloc.rpartition("@")[2]
    if host.startswith("[") and not _is_ipv6(host[1 : host.find("]")]):
        # Checked here too: urlsplit does so only from Python 3.11.4 and 3.10.12 on.
        raise LinkError(f"long URL {url!r} is not a valid URL: bad IPv6 host")
    return url


def _validity_seconds(validity: timedelta | float | None) -> float | None:
    if validity is None:
        return None
    if isinstance(validity, timedelta):
        seconds = validity.total_seconds()
    elif isinstance(validity, (int, float)) and not isinstance(validity, bool):
        seconds = float(validity)
    else:
        raise LinkError(f"validity must be a timedelta or seconds, got {type(validity).__name__}")
    if not seconds > 0:
        raise LinkError(f"validity must be positive, got {seconds} seconds")
    return seconds


def _check_tags(tags: Mapping[str, str] | None) -> dict[str, str]:
    if tags is None:
        return {}
    checked: dict[str, str] = {}
    for key, value in tags.items():
        if not isinstance(key, str) or not isinstance(value, str):
            raise LinkError(f"tags must map str to str; tag {key!r} is {value!r}")
        checked[key] = value
    return checked


class Shortener:
    """Makes short links under ``base_url`` and saves them in ``store``.

    Codes are ``code_length`` characters drawn with :mod:`secrets` from
    :data:`CODE_ALPHABET` (A-Z, a-z, 0-9), so every short link has the same length and
    the same GSM 7-bit cost. A code already taken is drawn again, never overwritten.

    >>> shortener = Shortener("https://sms.example", store=MemoryStore(), code_length=5)
    >>> link = shortener.shorten_url("https://x.example/?a=1")
    >>> link.short_url.startswith("https://sms.example/"), len(link.code)
    (True, 5)
    """

    max_attempts = 16

    def __init__(self, base_url: str, *, store: LinkStore, code_length: int = 7) -> None:
        self.base_url = _check_base_url(base_url)
        self.code_length = _check_code_length(code_length)
        self.store = store

    def new_code(self) -> str:
        """A fresh random code (not yet checked against the store)."""
        return "".join(secrets.choice(CODE_ALPHABET) for _ in range(self.code_length))

    def shorten_url(
        self,
        long_url: str,
        *,
        tags: Mapping[str, str] | None = None,
        validity: timedelta | float | None = None,
        now: float | None = None,
    ) -> Link:
        """Save a new short link to ``long_url`` and return it.

        ``validity`` (a :class:`~datetime.timedelta` or seconds) makes the link expire;
        ``tags`` (for example ``{"to": "+306900000000"}``) are copied into its clicks.
        """
        long_url = _check_long_url(long_url)
        checked_tags = _check_tags(tags)
        seconds = _validity_seconds(validity)
        created = time.time() if now is None else now
        expires = None if seconds is None else created + seconds
        for _ in range(self.max_attempts):
            code = self.new_code()
            link = Link(code, self.base_url + code, long_url, created, expires, checked_tags)
            if self.store.add(link):
                return link
        raise StoreError(
            f"no free code after {self.max_attempts} attempts with code_length"
            f" {self.code_length}; use longer codes"
        )


@dataclass(frozen=True)
class Shortened:
    """The rewritten body and its links in Routee's shape, ``[{longUrl, shortUrl}]``."""

    text: str
    urls: list[ShortUrl]


def shorten(
    text: str,
    shortener: Shortener,
    *,
    tags: Mapping[str, str] | None = None,
    validity: timedelta | float | None = None,
    default_scheme: str = "http",
) -> Shortened:
    """Replace every link in ``text`` with a new short link; keep all else byte for byte.

    A link without a scheme is stored as ``default_scheme://`` plus the link. The same
    link twice in one body gets one short link.

    >>> shortener = Shortener("https://sms.example/", store=MemoryStore(), code_length=4)
    >>> out = shorten("A: www.x.example. B: https://x.example/b", shortener)
    >>> [u["longUrl"] for u in out.urls]
    ['http://www.x.example', 'https://x.example/b']
    >>> out.text[:3], out.text[27:32], len(out.text)
    ('A: ', '. B: ', 56)
    """
    if default_scheme not in ("http", "https"):
        raise LinkError(f"default_scheme must be 'http' or 'https', got {default_scheme!r}")
    pieces: list[str] = []
    urls: list[ShortUrl] = []
    made: dict[str, str] = {}
    previous = 0
    for span in find_urls(text):
        has_scheme = span.url[:8].lower().startswith(("http://", "https://"))
        long_url = span.url if has_scheme else f"{default_scheme}://{span.url}"
        short_url = made.get(long_url)
        if short_url is None:
            link = shortener.shorten_url(long_url, tags=tags, validity=validity)
            short_url = made[long_url] = link.short_url
            urls.append({"longUrl": long_url, "shortUrl": short_url})
        pieces.append(text[previous : span.start])
        pieces.append(short_url)
        previous = span.end
    pieces.append(text[previous:])
    return Shortened("".join(pieces), urls)


class ShortLinks:
    """Pricing helper: the body as it will be sent, without touching any store.

    >>> links = ShortLinks("https://sms.example/", code_length=7)
    >>> links.priced_text("Go to example.com/a/very/long/path now")
    'Go to https://sms.example/xxxxxxx now'
    >>> links.short_length
    27
    """

    def __init__(self, base_url: str, code_length: int = 7) -> None:
        self.base_url = _check_base_url(base_url)
        self.code_length = _check_code_length(code_length)
        self.placeholder = self.base_url + "x" * self.code_length

    @property
    def short_length(self) -> int:
        """Characters (and GSM septets) of every short link."""
        return len(self.placeholder)

    def spans(self, text: str) -> list[UrlSpan]:
        """The links :func:`shorten` would replace in ``text``."""
        return find_urls(text)

    def priced_text(self, text: str) -> str:
        """``text`` with each link replaced by a stand-in of its short link's exact length."""
        pieces: list[str] = []
        previous = 0
        for span in find_urls(text):
            pieces.append(text[previous : span.start])
            pieces.append(self.placeholder)
            previous = span.end
        pieces.append(text[previous:])
        return "".join(pieces)


# --------------------------------------------------------------------------- stores


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
        with self._lock:
            if link.code in self._links:
                return False
            self._links[link.code] = link
            return True

    def get(self, code: str) -> Link | None:
        with self._lock:
            return self._links.get(code)

    def record_click(self, event: ClickEvent) -> None:
        copied = _event_from_json(_event_json(event))
        with self._lock:
            self._clicks.append(copied)

    def clicks(self, code: str | None = None) -> list[ClickEvent]:
        with self._lock:
            return [e for e in self._clicks if code is None or e["code"] == code]

    def click_count(self, code: str) -> int:
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
        with self._connection() as conn:
            cursor = conn.execute(
                "INSERT OR IGNORE INTO links (code, record) VALUES (?, ?)",
                (link.code, link.to_json()),
            )
            return cursor.rowcount == 1

    def get(self, code: str) -> Link | None:
        with self._connection() as conn:
            row = conn.execute("SELECT record FROM links WHERE code = ?", (code,)).fetchone()
        return None if row is None else Link.from_json(row[0])

    def record_click(self, event: ClickEvent) -> None:
        with self._connection() as conn:
            conn.execute(
                "INSERT INTO clicks (code, record) VALUES (?, ?)",
                (event["code"], _event_json(event)),
            )

    def clicks(self, code: str | None = None) -> list[ClickEvent]:
        with self._connection() as conn:
            if code is None:
                rows = conn.execute("SELECT record FROM clicks ORDER BY id").fetchall()
            else:
                rows = conn.execute(
                    "SELECT record FROM clicks WHERE code = ? ORDER BY id", (code,)
                ).fetchall()
        return [_event_from_json(row[0]) for row in rows]

    def click_count(self, code: str) -> int:
        with self._connection() as conn:
            row = conn.execute("SELECT COUNT(*) FROM clicks WHERE code = ?", (code,)).fetchone()
        return int(row[0])

    def close(self) -> None:
        while True:
            try:
                self._pool.get_nowait().close()
            except queue.Empty:
                return


class RedisStore:
    """A store in Redis, shared by a fleet of senders and redirectors.

    Needs the optional ``redis`` package (``pip install 'sms-codec[redis]'``). Keys are
    ``<prefix>:link:<code>`` (the link's JSON, set only if absent), ``<prefix>:clicks``
    and ``<prefix>:clicks:<code>`` (lists of click JSON).
    """

    def __init__(self, url: str, *, prefix: str = "sms_codec") -> None:
        redis = optional_module("redis", "redis", "RedisStore")
        self.url = url
        self.prefix = prefix
        try:
            self._client: Any = redis.Redis.from_url(url)
        except ValueError as error:
            raise LinkError(f"bad Redis URL {url!r}: {error}") from error
        self._errors: tuple[type[BaseException], ...] = (redis.RedisError,)

    @contextmanager
    def _guard(self) -> Iterator[None]:
        try:
            yield
        except self._errors as error:
            raise StoreError(f"Redis store {self.url!r}: {error}") from error

    def add(self, link: Link) -> bool:
        with self._guard():
            added = self._client.set(f"{self.prefix}:link:{link.code}", link.to_json(), nx=True)
        return bool(added)

    def get(self, code: str) -> Link | None:
        with self._guard():
            raw = self._client.get(f"{self.prefix}:link:{code}")
        return None if raw is None else Link.from_json(raw)

    def record_click(self, event: ClickEvent) -> None:
        data = _event_json(event)
        with self._guard():
            pipe = self._client.pipeline(transaction=True)
            pipe.rpush(f"{self.prefix}:clicks", data)
            pipe.rpush(f"{self.prefix}:clicks:{event['code']}", data)
            pipe.execute()

    def clicks(self, code: str | None = None) -> list[ClickEvent]:
        key = f"{self.prefix}:clicks" if code is None else f"{self.prefix}:clicks:{code}"
        with self._guard():
            rows = self._client.lrange(key, 0, -1)
        return [_event_from_json(row) for row in rows]

    def click_count(self, code: str) -> int:
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
        raise LinkError(f"a store URL must be a str, got {type(url).__name__}")
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
