"""``sms-codec serve`` / ``playground`` run for real in a child process: started on a free
port, used over HTTP, then stopped with Ctrl-C (SIGINT), which must exit 0."""

from __future__ import annotations

import http.client
import os
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["get", "served"]


@contextmanager
def served(*argv: str) -> Iterator[tuple[int, str]]:
    """Run ``python -m sms_codec *argv``; yields the port and the first stderr line (the
    one that names the address), and asserts exit code 0 after SIGINT."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "sms_codec", *argv], stderr=subprocess.PIPE, text=True, env=env
    )
    try:
        assert proc.stderr is not None
        line = proc.stderr.readline()
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        assert match, line
        yield int(match.group(1)), line
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def get(port: int, path: str) -> http.client.HTTPResponse:
    """One GET on loopback; the response is read before the connection closes."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        return response
    finally:
        conn.close()
