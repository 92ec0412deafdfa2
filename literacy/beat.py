"""One beat sends: a Celery beat scheduler that sends only while it holds a Redis lock.

Every ``make worker`` runs a beat. With two workers (two machines, or a restart that overlaps)
each would send every periodic task. This scheduler takes a lock in Redis (the broker) before
sending and renews it on each tick; a beat that does not hold it sends nothing and takes over
within :attr:`SingleBeatScheduler.lock_seconds` once the holder stops.
"""

from __future__ import annotations

import contextlib
import uuid

import redis
from celery.beat import PersistentScheduler

TAKE_OR_RENEW = """
local holder = redis.call('GET', KEYS[1])
if holder == false or holder == ARGV[1] then
    redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
    return 1
end
return 0
"""
RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""


class SingleBeatScheduler(PersistentScheduler):
    lock_key = "literacy:beat:leader"
    lock_seconds = 30

    def __init__(self, *args, **kwargs):
        self.token = uuid.uuid4().hex
        self._redis = None
        super().__init__(*args, **kwargs)

    def _client(self):
        url = self.app.conf.broker_url or ""
        if self._redis is None and url.startswith(("redis://", "rediss://", "unix://")):
            self._redis = redis.Redis.from_url(url, socket_timeout=5)
        return self._redis

    def is_leader(self) -> bool:
        """Take the lock, or renew it if this beat holds it; without Redis, always lead."""
        client = self._client()
        if client is None:
            return True
        try:
            taken = client.eval(
                TAKE_OR_RENEW, 1, self.lock_key, self.token, self.lock_seconds * 1000
            )
        except redis.RedisError:
            return False
        return bool(taken)

    def tick(self, *args, **kwargs):
        # Come back well within the lock's lifetime, to renew it before it lapses.
        renew_in = self.lock_seconds / 3
        if not self.is_leader():
            return renew_in
        return min(super().tick(*args, **kwargs), renew_in)

    def close(self):
        client = self._client()
        if client is not None:
            with contextlib.suppress(redis.RedisError):  # else the lock lapses on its own
                client.eval(RELEASE, 1, self.lock_key, self.token)
        super().close()
