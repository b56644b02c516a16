"""Hits of a limit counted in Redis, reserved a few at a time (the answer limits).

Counting every answer in Redis costs a round trip per answer, about a fifth of what an
answer costs the server. A process (one app) instead reserves several hits of a key at
once: one INCRBY, then the hits are spent here until they run out or the key's window
ends. Redis still counts every hit reserved by every process of every server, so the
limit holds across all of them; the price is that hits reserved and not spent when the
window ends are lost. A limit may refuse up to (lease - 1) hits early for each process
holding a lease: a few per cent of it (`lease_size`). Limits under 40 are reserved one
hit at a time, exactly as before.

A lease lives as long as the window of its key, on this process's monotonic clock."""

import hashlib
import threading
import time
from dataclasses import dataclass

# Reserve `amount` hits of each key (limits' own fixed window: the key expires `window`
# seconds after its first hit) -> for each key, its count after this, and its ms to live.
RESERVE = """
local out = {}
for i, key in ipairs(KEYS) do
  local amount = tonumber(ARGV[2 * i])
  local current = redis.call("incrby", key, amount)
  if current == amount then
    redis.call("expire", key, ARGV[2 * i - 1])
  end
  out[2 * i - 1] = current
  out[2 * i] = redis.call("pttl", key)
end
return out
"""
RESERVE_SHA = hashlib.sha1(RESERVE.encode()).hexdigest()

MOST = 20  # hits reserved at once, at most
PRUNE_AT = 20_000  # leases kept before the finished ones are dropped


def lease_size(amount: int) -> int:
    """Hits reserved at once for a limit of `amount`: 1 in 20 of it, 1 to 20."""
    return max(1, min(MOST, amount // 20))


@dataclass
class Check:
    key: str  # as stored in Redis
    window: int  # seconds
    amount: int  # the limit


@dataclass
class Lease:
    left: int
    until: float  # time.monotonic()


class Leases:
    """One app's leases, shared by its threads."""

    def __init__(self):
        self._leases: dict[str, Lease] = {}
        self._lock = threading.Lock()

    def spend(self, checks: list[Check], reserve) -> list[bool]:
        """Spend one hit of each key: True where it was within its limit. `reserve`
        sends RESERVE's keys and arguments to Redis (one round trip), only for the keys
        with no hit left here."""
        now = time.monotonic()
        within: list[bool | None] = [None] * len(checks)
        with self._lock:
            for i, check in enumerate(checks):
                lease = self._leases.get(check.key)
                if lease is not None and lease.left > 0 and lease.until > now:
                    lease.left -= 1
                    within[i] = True
        missing = [i for i, ok in enumerate(within) if ok is None]
        if missing:
            sizes = [lease_size(checks[i].amount) for i in missing]
            args = [value for i, size in zip(missing, sizes, strict=True)
                    for value in (checks[i].window, size)]
            reply = reserve([checks[i].key for i in missing], args)
            with self._lock:
                if len(self._leases) >= PRUNE_AT:
                    self._leases = {k: v for k, v in self._leases.items() if v.until > now}
                for n, (i, size) in enumerate(zip(missing, sizes, strict=True)):
                    count, ttl_ms = int(reply[2 * n]), int(reply[2 * n + 1])
                    granted = max(0, min(size, checks[i].amount - (count - size)))
                    within[i] = granted > 0
                    if granted:
                        self._keep(checks[i].key, granted - 1, now + max(0, ttl_ms) / 1000, now)
        return within

    def _keep(self, key: str, left: int, until: float, now: float) -> None:
        lease = self._leases.get(key)
        if lease is not None and lease.until > now:  # another thread reserved too
            lease.left, lease.until = lease.left + left, min(lease.until, until)
        else:
            self._leases[key] = Lease(left, until)

    def give_back(self, key: str) -> None:
        """A hit spent by a request that another limit refused: the next one spends it."""
        with self._lock:
            lease = self._leases.get(key)
            if lease is not None and lease.until > time.monotonic():
                lease.left += 1
