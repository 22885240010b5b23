"""Clicks: what one ``GET`` of a short link says about who clicked.

:func:`click_event` builds the :class:`~sms_codec.links.ClickEvent` of a request;
:func:`is_bot` tells link previews, scanners and scripts from people;
:func:`parse_user_agent` reads device, browser and OS families (optional ``ua-parser``);
:class:`MaxMindGeo` is a :class:`GeoResolver` over a MaxMind database (optional
``maxminddb``).
"""

from __future__ import annotations

import contextlib
import functools
import json
import logging
import os
import secrets
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Protocol

import regex

from sms_codec._checks import optional_module
from sms_codec.errors import ArgumentTypeError, StoreError
from sms_codec.links.model import ClickEvent, Link

if TYPE_CHECKING:
    from _typeshed.wsgi import WSGIEnvironment

__all__ = [
    "MAX_USER_AGENT",
    "GeoResolver",
    "MaxMindGeo",
    "click_event",
    "escape_text",
    "is_bot",
    "parse_user_agent",
    "read_header",
    "safe_json",
]

# The redirect service's logger, as documented in docs/links.md.
log = logging.getLogger("sms_codec.tracking")

_MAX_HEADER = 2048
#: A User-Agent longer than this is not parsed (parsing costs grow with the length and
#: browsers send a few hundred characters): such a click is a bot's.
MAX_USER_AGENT = 512
# What a terminal or a log viewer would act on rather than show: C0 and C1 controls and
# DEL (Cc), format characters such as the bidi overrides and zero-width joiners (Cf),
# line and paragraph separators, and lone surrogates.
_UNSAFE = regex.compile(r"[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]")
# Link previews, mail and message scanners and scripted clients: their "clicks" are not a
# person's. ua-parser already calls most crawlers "Spider"; these catch the rest.
_BOT = regex.compile(
    r"""
    \bbot\b | [a-z]bot/ | crawl | spider | slurp | preview | scanner | urlscan
    | facebookexternalhit | facebookcatalog | whatsapp | telegrambot | skypeuripreview
    | embedly | iframely | vkshare
    | headlesschrome | phantomjs | lighthouse | googleimageproxy | google-read-aloud
    | proofpoint | mimecast | barracuda | zscaler | virustotal | safebrowsing | google-safety
    | ^curl/ | ^wget/ | python-requests | python-urllib | python-httpx | aiohttp
    | go-http-client | okhttp | ^java/ | libwww-perl | apache-httpclient | node-fetch | ^axios/
    """,
    regex.VERBOSE,
)


class GeoResolver(Protocol):
    """Turns an IP address into ``(country, city)``; either may be ``None``."""

    def __call__(self, ip: str) -> tuple[str | None, str | None]: ...


class MaxMindGeo:
    """A :class:`GeoResolver` over a MaxMind ``.mmdb`` file the user supplies
    (GeoLite2-City or GeoIP2-City). Needs ``pip install 'sms-codec[geo]'``.

    ``country`` is the ISO 3166-1 code, ``city`` the English name.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        maxminddb = optional_module("maxminddb", "geo", "MaxMindGeo")
        self.path = os.fspath(path)
        try:
            self._reader: Any = maxminddb.open_database(self.path)
        except (OSError, ValueError) as error:
            raise StoreError(f"cannot open MaxMind database {self.path!r}: {error}") from error

    def __call__(self, ip: str) -> tuple[str | None, str | None]:
        try:
            record = self._reader.get(ip)
        except ValueError:
            return None, None
        if not isinstance(record, dict):
            return None, None
        country = record.get("country") or record.get("registered_country") or {}
        city = record.get("city") or {}
        iso = country.get("iso_code") if isinstance(country, dict) else None
        names = city.get("names") if isinstance(city, dict) else None
        name = names.get("en") if isinstance(names, dict) else None
        return (iso if isinstance(iso, str) else None, name if isinstance(name, str) else None)

    def close(self) -> None:
        """Close the database file."""
        self._reader.close()


def is_bot(user_agent: str | None) -> bool:
    """Whether a User-Agent is a link preview, scanner or script rather than a person;
    an agent that is empty or over :data:`MAX_USER_AGENT` characters is a bot.

    >>> is_bot("WhatsApp/2.23.20.0 A"), is_bot("curl/8.0.1"), is_bot(None), is_bot("x" * 513)
    (True, True, True, True)
    >>> is_bot("Mozilla/5.0 (Linux; Android 10; CUBOT X30) AppleWebKit/537.36 "
    ...        "(KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36")
    False
    """
    if not user_agent or not user_agent.strip() or len(user_agent) > MAX_USER_AGENT:
        return True
    if _BOT.search(user_agent.lower()):
        return True
    return parse_user_agent(user_agent)[0] == "Spider"


def parse_user_agent(user_agent: str) -> tuple[str | None, str | None, str | None]:
    """``(device, browser, os)`` families of a User-Agent, with ``ua-parser``.

    Only the first :data:`MAX_USER_AGENT` (512) characters are read, and the last 4,096
    distinct agents' answers are kept, so the cost of a call is bounded.

    >>> parse_user_agent("Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) "
    ...                  "AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 "
    ...                  "Mobile/15E148 Safari/604.1")
    ('iPhone', 'Mobile Safari', 'iOS')
    """
    if not isinstance(user_agent, str):
        raise ArgumentTypeError(f"user_agent must be a str, not {type(user_agent).__name__}")
    return _parse(user_agent[:MAX_USER_AGENT])


@functools.lru_cache(maxsize=4096)
def _parse(user_agent: str) -> tuple[str | None, str | None, str | None]:
    result = optional_module("ua_parser", "links", "parse_user_agent").parse(user_agent)
    return (
        result.device.family if result.device else None,
        result.user_agent.family if result.user_agent else None,
        result.os.family if result.os else None,
    )


def read_header(environ: WSGIEnvironment, name: str) -> str | None:
    """The WSGI ``environ[name]`` as text (UTF-8 if it decodes so), cut to 2048 characters;
    ``None`` when absent or empty.

    >>> read_header({"HTTP_REFERER": "https://x.example/\u00e9".encode().decode("latin-1")},
    ...             "HTTP_REFERER")
    'https://x.example/\xe9'
    """
    value = environ.get(name)
    if not isinstance(value, str) or not value:
        return None
    # PEP 3333 hands headers over as latin-1; most clients send UTF-8.
    with contextlib.suppress(UnicodeError):
        value = value.encode("latin-1").decode("utf-8")
    return value[:_MAX_HEADER]


def escape_text(text: str) -> str:
    r"""``text`` with every control, format (bidi override, zero-width) and separator
    character written as a Python escape, and ``\`` doubled, so that a log line shows
    what a client sent and cannot rewrite what a terminal displays.

    >>> print(escape_text("GET /a\x1b[2J\u202egnp.exe\\ \x85 ok"))
    GET /a\x1b[2J\u202egnp.exe\\ \x85 ok
    """
    return _UNSAFE.sub(_escape_one, text.replace("\\", "\\\\"))


def _escape_one(match: regex.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def safe_json(value: object) -> str:
    r"""``value`` as one line of JSON (keys sorted) in which every control, format and
    separator character is a ``\uXXXX`` escape: a JSON reader gets the exact text back,
    a terminal shows no raw control or bidi override.

    >>> safe_json({"referrer": "https://x.example/\u202e\x9b"})
    '{"referrer": "https://x.example/\\u202e\\u009b"}'
    """
    return _UNSAFE.sub(_json_escape, json.dumps(value, ensure_ascii=False, sort_keys=True))


def _json_escape(match: regex.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def click_event(
    link: Link,
    environ: WSGIEnvironment,
    now: float,
    *,
    ip: str | None,
    geo: GeoResolver | None = None,
) -> ClickEvent:
    """The click event of one ``GET`` of ``link`` from ``ip`` at Unix time ``now``.

    ``geo`` fills ``country``/``city``; an exception from it is logged and leaves them ``None``.
    """
    user_agent = read_header(environ, "HTTP_USER_AGENT")
    parsed = user_agent and len(user_agent) <= MAX_USER_AGENT
    device, browser, os_family = _parse(user_agent) if parsed else (None, None, None)
    country: str | None = None
    city: str | None = None
    if geo is not None and ip:
        try:
            country, city = geo(ip)
        except Exception:
            log.exception("geo resolver failed for a click on %s", link.code)
    moment = datetime.fromtimestamp(now, timezone.utc)
    return {
        "code": link.code,
        "shortUrl": link.short_url,
        "longUrl": link.long_url,
        "tags": dict(link.tags),
        "timestamp": int(now * 1000),
        "dateTime": moment.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "ip": ip,
        "country": country,
        "city": city,
        "referrer": read_header(environ, "HTTP_REFERER"),
        "device": device,
        "browser": browser,
        "os": os_family,
        "lag": max(0, int(now - link.created)),
        "bot": is_bot(user_agent),
        "id": secrets.token_hex(16),
    }
