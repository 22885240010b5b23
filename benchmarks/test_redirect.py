"""The redirect app per click, in process (no sockets): a cached User-Agent, a new one
of up to 512 characters (parsed), and a new 2,048-character one (over the bound: not
parsed, a bot). Run with ``python -m pytest benchmarks/test_redirect.py``; the ratio
of the last two to the first is the cost of a hostile agent (issue 14 item 1)."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from sms_codec.links import Link, MemoryStore
from sms_codec.tracking import create_app

GALAXY = (
    "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36"
)


def _ignore(status: str, headers: list[tuple[str, str]]) -> None:
    return None


@pytest.mark.parametrize("agents", ["cached", "new-512", "new-2048"])
def test_redirect_click(benchmark: Any, agents: str) -> None:
    store = MemoryStore()
    store.add(Link("Bench1", "https://s.example/Bench1", "https://x.example/", 0.0))
    app = create_app(store, rate=None)
    counter = itertools.count()

    def agent() -> str:
        if agents == "cached":
            return GALAXY
        length = 512 if agents == "new-512" else 2048
        return (f"{GALAXY} Build/{next(counter)} " + "x" * length)[:length]

    def click() -> None:
        environ = {"REQUEST_METHOD": "GET", "PATH_INFO": "/Bench1", "HTTP_USER_AGENT": agent()}
        app(environ, _ignore)

    benchmark.pedantic(click, rounds=200, iterations=1, warmup_rounds=5)
