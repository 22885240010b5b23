"""The link model: :class:`Link`, the :class:`ShortUrl` and :class:`ClickEvent` records,
and the checks of a link's validity and tags."""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TypedDict

from sms_codec.errors import ArgumentTypeError, LinkError, StoreError

__all__ = ["ClickEvent", "Link", "ShortUrl", "check_tags", "validity_seconds"]


class ShortUrl(TypedDict):
    """One rewritten link, in Routee's ``urls`` shape."""

    longUrl: str
    shortUrl: str


class ClickEvent(TypedDict):
    """One click on a short link, as the redirect service records it.

    ``timestamp`` is milliseconds since the Unix epoch, ``dateTime`` the same instant in
    ISO 8601 (UTC), ``lag`` whole seconds from the link's creation to the click, ``id``
    32 random hex digits, the same for every attempt to record this click.
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
    id: str


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



def validity_seconds(validity: timedelta | float | None) -> float | None:
    """``validity`` in seconds (``None``: never expires); it must be positive."""
    if validity is None:
        return None
    if isinstance(validity, timedelta):
        seconds = validity.total_seconds()
    elif isinstance(validity, (int, float)) and not isinstance(validity, bool):
        seconds = float(validity)
    else:
        raise ArgumentTypeError(
            f"validity must be a timedelta or seconds, not {type(validity).__name__}"
        )
    if not seconds > 0:
        raise LinkError(f"validity must be positive, got {seconds} seconds")
    return seconds


def check_tags(tags: Mapping[str, str] | None) -> dict[str, str]:
    """A copy of ``tags``, which must map str to str."""
    if tags is None:
        return {}
    if not isinstance(tags, Mapping):
        raise ArgumentTypeError(
            f"tags must be None or a mapping of str to str, not {type(tags).__name__}"
        )
    checked: dict[str, str] = {}
    for key, value in tags.items():
        if not isinstance(key, str) or not isinstance(value, str):
            raise ArgumentTypeError(f"tags must map str to str; tag {key!r} is {value!r}")
        checked[key] = value
    return checked

