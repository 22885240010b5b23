"""A token bucket per client: the redirect service's request rate limit.

Each client (an IP address) has a bucket of ``burst`` tokens that refills at ``rate``
tokens a second; a request takes one token, or is refused with the seconds until one is
there. At most ``max_clients`` buckets are kept, the least recently seen dropped first
(a dropped client starts again with a full bucket), so memory is bounded whatever the
number of addresses.

>>> buckets = TokenBuckets(rate=1.0, burst=2)
>>> buckets.take("198.51.100.7", 100.0), buckets.take("198.51.100.7", 100.0)
(0.0, 0.0)
>>> buckets.take("198.51.100.7", 100.0)
1.0
>>> buckets.take("198.51.100.7", 101.0), buckets.take("203.0.113.1", 101.0)
(0.0, 0.0)
"""

from __future__ import annotations

import collections
import threading

from sms_codec.errors import OptionError

__all__ = ["DEFAULT_BURST", "DEFAULT_RATE", "TokenBuckets"]

#: Requests a second each client may make on average, and at once.
DEFAULT_RATE = 10.0
DEFAULT_BURST = 50


class TokenBuckets:
    """Token buckets keyed by client; thread-safe."""

    def __init__(
        self, rate: float = DEFAULT_RATE, burst: int = DEFAULT_BURST, *, max_clients: int = 65536
    ) -> None:
        if isinstance(rate, bool) or not isinstance(rate, (int, float)) or not rate > 0:
            raise OptionError(f"rate must be a positive number of requests a second, got {rate!r}")
        for name, value in (("burst", burst), ("max_clients", max_clients)):
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise OptionError(f"{name} must be a positive int, got {value!r}")
        self.rate = float(rate)
        self.burst = burst
        self.max_clients = max_clients
        self._lock = threading.Lock()
        # client -> (tokens, time of the last refill)
        self._buckets: collections.OrderedDict[str, tuple[float, float]] = (
            collections.OrderedDict()
        )

    def take(self, client: str, now: float) -> float:
        """Take a token for ``client`` at time ``now`` (seconds, any monotonic origin):
        ``0.0`` when granted, else the seconds until the next token."""
        with self._lock:
            tokens, last = self._buckets.pop(client, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + max(0.0, now - last) * self.rate)
            if tokens >= 1.0:
                tokens -= 1.0
                wait = 0.0
            else:
                wait = (1.0 - tokens) / self.rate
            self._buckets[client] = (tokens, now)
            if len(self._buckets) > self.max_clients:
                self._buckets.popitem(last=False)
            return wait

    def __len__(self) -> int:
        """How many clients have a bucket."""
        with self._lock:
            return len(self._buckets)
