"""URLs in SMS bodies: detection, host handling and pricing a body as sent with short links.

Detection finds ``http``/``https`` URLs, ``www.`` hosts and bare hosts whose top level
domain is in the bundled IANA list (:mod:`sms_codec._tlds`). :class:`ShortLinks` prices a
body with every link replaced by a short link of fixed length, without any store; the
short-link product itself (shortener, stores, redirect service) is :mod:`sms_codec.links`.

>>> [span.url for span in find_urls("Sale! See example.com/sale, or https://x.example/a_(b).")]
['example.com/sale', 'https://x.example/a_(b)']
>>> ShortLinks("https://sms.example/", code_length=7).priced_text("Hi, see example.com/sale!")
'Hi, see https://sms.example/xxxxxxx!'
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

import regex

from sms_codec._checks import MAX_BODY_CHARACTERS, check_size
from sms_codec._tlds import TLDS
from sms_codec.errors import ArgumentTypeError, LinkError
from sms_codec.tables import DEFAULT_ALPHABET

__all__ = [
    "ShortLinks",
    "UrlSpan",
    "ascii_host",
    "check_base_url",
    "check_code_length",
    "check_long_url",
    "find_urls",
    "is_ipv6",
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


def is_ipv6(address: str) -> bool:
    """Whether ``address`` (without brackets) is an IPv6 address.

    >>> is_ipv6("2001:db8::1"), is_ipv6("example.com")
    (True, False)
    """
    try:
        ipaddress.IPv6Address(address)
    except ValueError:
        return False
    return True


def _trim(url: str) -> str:
    if url[-1] not in _TRAILING and url[-1] not in _CLOSERS:
        return url
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


def _host_labels(text: str, labels: list[str], end: int) -> int:
    """Return how many leading ``labels`` of a host form a link (0: not a link)."""
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


# The matcher runs only where a match can start, with the same results as
# ``_URL.finditer``: every match holds a "://" (its scheme ends 4 or 5 characters after
# the start) or a '.' (the first one ends the first label, at most 63 characters after
# the start, and no '.', ':' or '/' lies between). So the candidates of each '.' and
# "://" are tried in text order, and the search resumes at a match's end as finditer's.
_ASCII_LABEL = "-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_ASCII_LABEL_PATTERN = r"[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?"
_ASCII_HOSTS = re.compile(rf"{_ASCII_LABEL_PATTERN}(?:\.{_ASCII_LABEL_PATTERN})+")
_ASCII_TAIL = re.compile(r"(?::[0-9]{1,5}(?![0-9]))?(?:[/?#][^\s<>\"\x00-\x1f\x7f-\U0010ffff]*)?")
_HOST_START = regex.compile(
    r"(?<![\p{Latin}\p{M}0-9_@.\-/\\])(?:[\p{Latin}0-9]|[\p{L}--\p{Latin}])", regex.V1
)


def _tail_end(text: str, end: int) -> int:
    """Where the port and path after a bare host end: ``_TAIL``'s answer, from an
    ASCII-only pattern when the tail stops at an ASCII character."""
    tail = _ASCII_TAIL.match(text, end)
    stop = tail.end() if tail is not None else end
    if stop < len(text) and not text[stop].isascii():
        found = _TAIL.match(text, end)
        return end if found is None else found.end()
    return stop


_Found = tuple[int, int, str | None, str | None, str | None]


def _found(match: regex.Match[str]) -> _Found:
    scheme, literal, host = match.group("scheme", "literal", "host")
    return match.start(), match.end(), scheme, literal, host


def _ascii_host(text: str, start: int) -> _Found | None:
    """The host match at ``start`` when an ASCII-only regex settles it (``None``: ask
    ``_URL``): restricted to ASCII the classes are the same, so the match is the same when
    nothing after it could extend a label (a non-ASCII character could)."""
    match = _ASCII_HOSTS.match(text, start)
    if match is None:
        return None
    end = match.end()
    after = text[end : end + 1]
    if after and (not after.isascii() or after in _ASCII_LABEL):
        return None
    if after == ".":
        following = text[end + 1 : end + 2]
        if following and (not following.isascii() or following.isalnum()):
            return None
    return start, end, None, None, match.group()


def _matches(text: str) -> Iterator[_Found]:
    resume = 0  # where finditer would search next
    floor = 0  # a first label starts after the last '.' or "://" before its dot
    dot = text.find(".")
    scheme = text.find("://")
    while dot >= 0 or scheme >= 0:
        if scheme >= 0 and (dot < 0 or scheme < dot):
            for start in (scheme - 5, scheme - 4):
                if start >= resume and start >= 0:
                    match = _URL.match(text, start)
                    if match is not None:
                        resume = match.end()
                        yield _found(match)
            floor = scheme + 3
            scheme = text.find("://", floor)
            continue
        at, dot = dot, text.find(".", dot + 1)
        # A '.' inside a match joins two labels: letters, digits or marks either side.
        after = text[at + 1 : at + 2]
        if after.isascii() and not after.isalnum():
            floor = at + 1
            continue
        low = max(resume, floor, at - 64)
        floor = at + 1
        if at == 0 or at <= resume:
            continue
        before = text[at - 1]
        if before.isascii() and not before.isalnum():
            continue
        window = text[low:at]
        start = at - (len(window) - len(window.rstrip(_ASCII_LABEL)))
        edge = start == low
        if start < at and (edge or text[start - 1].isascii()):
            # An ASCII label after an ASCII non-label character (or the window's edge):
            # any later start has a label character before it, the look-behind's refusal.
            if start == at - 64 or (not edge and text[start - 1] in "_@./\\"):
                continue
            found = None if edge and start else _ascii_host(text, start)
            if found is None:
                match = _URL.match(text, start)
                found = None if match is None else _found(match)
            if found is not None:
                resume = found[1]
                yield found
            continue
        while (candidate := _HOST_START.search(text, low, at)) is not None:
            match = _URL.match(text, candidate.start())
            if match is not None:
                resume = match.end()
                yield _found(match)
                break
            low = candidate.start() + 1


# Every match holds "://" or a '.' that ``_matches`` does not skip: one followed by a
# character that is not ASCII or is an ASCII letter or digit ("a. b", "...", a '.' at
# the end are skipped). So text without either (most SMS) is settled by C scans for ':'
# and '.' and, only when it has a '.', one regex search, instead of the matcher.
_LABEL_DOT = re.compile(r"\.[^\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]")


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
        raise ArgumentTypeError(f"text must be a str, not {type(text).__name__}")
    if len(text) > MAX_BODY_CHARACTERS:
        check_size(len(text), "text")
    no_scheme = ":" not in text or "://" not in text  # memchr first: most SMS have no ':'
    if no_scheme and ("." not in text or _LABEL_DOT.search(text) is None):
        return []
    spans: list[UrlSpan] = []
    for start, stop, scheme, literal, host in _matches(text):
        if spans and start < spans[-1].end:
            # Inside the path or query of the link just found (a bare host's tail is
            # taken after the match): part of that link, not one of its own.
            continue
        if scheme is not None:
            if literal is not None and not is_ipv6(literal[1:-1]):
                continue
            url = _trim(scheme)
            if len(url) <= url.index("://") + 3:
                continue
            spans.append(UrlSpan(start, start + len(url), url))
            continue
        assert host is not None
        labels = host.split(".")
        count = _host_labels(text, labels, stop)
        if count == 0:
            continue
        if count < len(labels):
            end = start + len(".".join(labels[:count]))
        else:
            end = stop
            if stop < len(text) and text[stop] in ":/?#":
                end = _tail_end(text, end)
        url = _trim(text[start:end])
        spans.append(UrlSpan(start, start + len(url), url))
    return spans


# --------------------------------------------------------------------------- hosts

_DOTS = regex.compile("[.\u3002\uff0e\uff61]")


def ascii_host(host: str) -> str:
    """``host`` in ASCII as browsers make it (UTS #46, non-transitional) for the usual
    labels: lower case and NFKC-stable ones are punycoded as they are. Python's ``idna``
    codec (IDNA 2003, kept for the rest) maps ß to "ss" and ς to σ: another domain."""
    labels: list[str] = []
    for label in _DOTS.split(host):
        lowered = label.lower()
        if label.isascii():
            labels.append(label)
        elif "\u03a3" not in label and unicodedata.normalize("NFKC", lowered) == lowered:
            encoded = "xn--" + lowered.encode("punycode").decode("ascii")
            if len(encoded) > 63:
                raise UnicodeError(f"label {label!r} is too long")
            labels.append(encoded)
        else:
            labels.append(label.encode("idna").decode("ascii"))
    return ".".join(labels)


_GSM_BASIC = frozenset(ch for ch in DEFAULT_ALPHABET if ch is not None)


def check_base_url(base_url: str) -> str:
    """``base_url`` ending in ``/``, if it is an http(s) URL of printable GSM-7 characters."""
    if not isinstance(base_url, str):
        raise ArgumentTypeError(f"base_url must be a str, not {type(base_url).__name__}")
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


def check_code_length(code_length: int) -> int:
    """``code_length`` if it is an ``int`` in 1..64."""
    if isinstance(code_length, bool) or not isinstance(code_length, int):
        raise ArgumentTypeError(
            f"code_length must be an int, not {type(code_length).__name__} ({code_length!r})"
        )
    if not 1 <= code_length <= 64:
        raise LinkError(f"code_length must be between 1 and 64, got {code_length}")
    return code_length


def check_long_url(url: str) -> str:
    """``url`` if it can be shortened and redirected to: an absolute http(s) URL with a
    host, no whitespace or invisible characters, and a valid IPv6 literal if any.

    >>> check_long_url("https://x.example/a?b=1")
    'https://x.example/a?b=1'
    """
    if not isinstance(url, str):
        raise ArgumentTypeError(f"long_url must be a str, not {type(url).__name__}")
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
    if host.startswith("[") and not is_ipv6(host[1 : host.find("]")]):
        # Checked here too: urlsplit does so only from Python 3.11.4 and 3.10.12 on.
        raise LinkError(f"long URL {url!r} is not a valid URL: bad IPv6 host")
    return url



# --------------------------------------------------------------------------- pricing


class ShortLinks:
    """Pricing helper: the body as it will be sent, without touching any store.

    >>> links = ShortLinks("https://sms.example/", code_length=7)
    >>> links.priced_text("Go to example.com/a/very/long/path now")
    'Go to https://sms.example/xxxxxxx now'
    >>> links.short_length
    27
    """

    def __init__(self, base_url: str, code_length: int = 7) -> None:
        self.base_url = check_base_url(base_url)
        self.code_length = check_code_length(code_length)
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
