"""The shared cache (Redis) as an optional helper: the site works, uncached, without it.

:class:`OptionalRedisCache` is Django's Redis backend whose every operation, when Redis
fails (refused, timed out, still loading, out of memory for a write), answers as an empty
cache does — a miss for a read, nothing kept for a write — instead of raising. The pages are then
rendered for every request, and reads and writes of the content go on as usual (the
content generation is in the database, network/site/pagecache.py). A warning is logged at
most once a minute per process, and once when Redis answers again.

After a failure the backend leaves Redis alone for ``retry_after`` seconds (an ``OPTIONS``
entry, default 5), so that a Redis that does not answer at all costs one socket timeout
per process every few seconds rather than one per request; then the next operation tries
again, and the cache is back by itself. Socket timeouts are ``OPTIONS`` of the connection
pool (``socket_connect_timeout``, ``socket_timeout``; network/settings.py sets them short).
"""

import logging
import threading
import time
from functools import wraps
from urllib.parse import urlsplit

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger("directory.cache")

#: What Redis failing raises: unreachable (``ConnectionError``, ``TimeoutError``) or
#: refusing the command (``ResponseError``: out of memory, read-only replica, …).
UNREACHABLE = RedisError
#: Seconds between two warnings of one process while Redis stays unreachable.
WARNING_SECONDS = 60


class _Health:
    """Whether one Redis location answers, shared by this process's threads (Django gives
    each thread its own backend object)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.down_until = 0.0
        self.failing = False
        self.warned_at = None

    def failed(self, location, error, retry_after):
        now = time.monotonic()
        with self.lock:
            self.down_until = now + retry_after
            self.failing = True
            warn = self.warned_at is None or now - self.warned_at >= WARNING_SECONDS
            if warn:
                self.warned_at = now
        if warn:
            logger.warning("Shared cache %s unavailable (%s: %s): pages are served "
                           "uncached until it answers.", location,
                           error.__class__.__name__, error)

    def answered(self, location):
        if not self.failing:
            return
        with self.lock:
            was_failing, self.failing, self.warned_at = self.failing, False, None
        if was_failing:
            logger.warning("Shared cache %s answers again.", location)


_health = {}
_health_lock = threading.Lock()


def _optional(empty):
    """Run the operation unless Redis is resting after a failure; then, or on a failure,
    answer ``empty(*args, **kwargs)``, what an empty cache would."""

    def decorate(method):
        @wraps(method)
        def wrapper(self, *args, **kwargs):
            health = self._health
            if health.down_until > time.monotonic():
                return empty(*args, **kwargs)
            try:
                result = method(self, *args, **kwargs)
            except UNREACHABLE as error:
                health.failed(self._location, error, self._retry_after)
                return empty(*args, **kwargs)
            health.answered(self._location)
            return result

        return wrapper

    return decorate


def _nothing(*args, **kwargs):
    return None


def _false(*args, **kwargs):
    return False


def _missed(key, default=None, version=None):
    return default


def _none_found(keys, version=None):
    return {}


def _none_kept(data, *args, **kwargs):
    return list(data)


def _no_key(*args, **kwargs):
    # What incr()/decr() raise for a missing key: an unreachable cache has none.
    raise ValueError("The shared cache is unreachable.")


class OptionalRedisCache(RedisCache):
    """``django.core.cache.backends.redis.RedisCache`` that treats Redis as optional."""

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        self._retry_after = float(options.pop("retry_after", 5))
        super().__init__(server, {**params, "OPTIONS": options})
        # Named by host, port and database: the URL may hold a password, never logged.
        first = urlsplit((server if isinstance(server, str) else server[0]).split(",")[0])
        self._location = f"{first.hostname}:{first.port or 6379}{first.path}"
        with _health_lock:
            self._health = _health.setdefault(self._location, _Health())

    get = _optional(_missed)(RedisCache.get)
    get_many = _optional(_none_found)(RedisCache.get_many)
    has_key = _optional(_false)(RedisCache.has_key)
    add = _optional(_false)(RedisCache.add)
    set = _optional(_nothing)(RedisCache.set)
    set_many = _optional(_none_kept)(RedisCache.set_many)
    touch = _optional(_false)(RedisCache.touch)
    delete = _optional(_false)(RedisCache.delete)
    delete_many = _optional(_nothing)(RedisCache.delete_many)
    incr = _optional(_no_key)(RedisCache.incr)
    clear = _optional(_false)(RedisCache.clear)
