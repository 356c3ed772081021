"""Sign-in under a flood: password hashing bounded per process, and attempts throttled before any hashing.

Argon2 takes about 100 MiB of memory per hash by design; forty concurrent sign-ins with made-up usernames (Django
hashes the password even for an unknown user, so that timing does not tell which usernames exist) took a
server from 274 MB to 1.7 GB (issue 14). So:

- ``BoundedArgon2PasswordHasher`` (the first of PASSWORD_HASHERS) runs at most
  ``SINERGI_LOGIN_HASH_CONCURRENCY`` hashes or checks at once in a process; one more is refused at once with
  ``HashingBusy`` rather than queued (a queue would hold each waiting request's memory and worker), and the
  sign-in answers 429 (``middleware.LoginGuardMiddleware``).
- ``login_throttled`` counts sign-in attempts per client address (``core.middleware.client_ip``, which trusts
  ``PROXY_COUNT`` reverse proxies) and per username in the cache, over ``SINERGI_LOGIN_THROTTLE_SECONDS``;
  over ``SINERGI_LOGIN_PER_IP`` or ``SINERGI_LOGIN_PER_USERNAME`` the attempt is answered 429 before
  django-axes or the hasher see it. django-axes still locks an account after its failures.

The counters live in the default cache: with LocMemCache (the default) each process counts on its own, so a
server of N workers allows N times the limits; a shared cache (Redis, memcached, the database cache) makes
them one count.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.core.cache import cache
from django.http import HttpRequest

from sinergi.core.middleware import client_ip


class HashingBusy(Exception):
    """Every password-hashing slot of this process is taken; the request is refused rather than queued."""


_lock = threading.Lock()
_slots: tuple[int, threading.BoundedSemaphore] | None = None


def _semaphore() -> threading.BoundedSemaphore:
    """The process's hashing slots, made again if the setting changed (a test's override)."""
    global _slots
    size = max(1, int(getattr(settings, "SINERGI_LOGIN_HASH_CONCURRENCY", 4)))
    with _lock:
        if _slots is None or _slots[0] != size:
            _slots = (size, threading.BoundedSemaphore(size))
        return _slots[1]


@contextmanager
def hash_slot() -> Iterator[None]:
    """Hold one hashing slot for the block, or raise HashingBusy at once when none is free."""
    slots = _semaphore()
    if not slots.acquire(blocking=False):
        raise HashingBusy
    try:
        yield
    finally:
        slots.release()


class BoundedArgon2PasswordHasher(Argon2PasswordHasher):
    """Django's Argon2 hasher (same algorithm name, so stored hashes still verify), at most
    SINERGI_LOGIN_HASH_CONCURRENCY at a time per process."""

    def encode(self, password: str, salt: str) -> str:
        with hash_slot():
            return super().encode(password, salt)

    def verify(self, password: str, encoded: str) -> bool:
        with hash_slot():
            return super().verify(password, encoded)

    def harden_runtime(self, password: str, encoded: str) -> None:
        with hash_slot():
            super().harden_runtime(password, encoded)


def _count(key: str, window: int) -> int:
    cache.add(key, 0, window)
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        return 1


def login_throttled(request: HttpRequest, *, username: Any) -> bool:
    """Count this sign-in attempt for its address and its username; whether either is over its limit."""
    window = int(settings.SINERGI_LOGIN_THROTTLE_SECONDS)
    name = hashlib.sha256(str(username or "").strip().lower().encode()).hexdigest()[:32]
    by_ip = _count(f"sinergi:login:ip:{client_ip(request)}", window)
    by_name = _count(f"sinergi:login:user:{name}", window)
    return by_ip > int(settings.SINERGI_LOGIN_PER_IP) or by_name > int(settings.SINERGI_LOGIN_PER_USERNAME)
