"""The URL matcher as it was before the anchored one (issue 11 item 4), kept as the
oracle of ``tests/test_urls_anchored.py``: the package's ``find_urls`` must return what this
returns, on every text. Not part of the package."""

from __future__ import annotations

import ipaddress

import regex

from sms_codec._tlds import TLDS
from sms_codec.urls import UrlSpan

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
    """Whether ``address`` (without brackets) is an IPv6 address."""
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


def oracle_find_urls(text: str) -> list[UrlSpan]:
    """The links of ``text`` as the per-position regex scan found them."""
    spans: list[UrlSpan] = []
    for match in _URL.finditer(text):
        start = match.start()
        if spans and start < spans[-1].end:
            # Inside the path or query of the link just found (a bare host's tail is
            # taken after the match): part of that link, not one of its own.
            continue
        if match.group("scheme") is not None:
            literal = match.group("literal")
            if literal is not None and not is_ipv6(literal[1:-1]):
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


