"""Issue 14: forty concurrent sign-ins with made-up usernames took the server to 1.7 GB (Argon2, ~100 MiB a hash).
Hashing is bounded per process (a full pool answers 429 at once, nothing queues) and attempts are throttled per
address and per username before django-axes or the hasher see them."""

from __future__ import annotations

import threading
from unittest import mock

import pytest
from django.contrib.auth.hashers import check_password, get_hasher, make_password
from django.test import Client
from django.urls import reverse
from django.utils import translation

from conftest import PASSWORD
from sinergi.accounts import throttle

pytestmark = pytest.mark.django_db


class _Gate:
    """Stands in for argon2's work: records how many hashes run at once and holds each until released."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.running = 0
        self.most = 0
        self.calls = 0
        self.release = threading.Event()

    def __call__(self, *args, **kwargs):
        with self.lock:
            self.running += 1
            self.calls += 1
            self.most = max(self.most, self.running)
        self.release.wait(timeout=10)
        with self.lock:
            self.running -= 1
        return "argon2$argon2id$v=19$m=102400,t=2,p=8$c2FsdA$aGFzaA"


def test_no_more_than_n_hashes_run_at_once_and_the_rest_are_refused_at_once(settings):
    settings.SINERGI_LOGIN_HASH_CONCURRENCY = 3
    gate = _Gate()
    refused: list[int] = []
    with mock.patch("django.contrib.auth.hashers.Argon2PasswordHasher.encode", gate):

        def attempt(i: int) -> None:
            try:
                make_password(f"tebakan-{i}")
            except throttle.HashingBusy:
                with gate.lock:
                    refused.append(i)

        threads = [threading.Thread(target=attempt, args=(i,)) for i in range(10)]
        for thread in threads:
            thread.start()
        # Every thread either holds a slot (blocked in the gate) or has been refused: wait until all are one or
        # the other.
        for _ in range(1000):
            with gate.lock:
                if gate.running + len(refused) == 10 or (gate.running == 3 and len(refused) == 7):
                    break
            threading.Event().wait(0.01)
        gate.release.set()
        for thread in threads:
            thread.join()
    assert gate.most == 3
    assert gate.calls == 3
    assert len(refused) == 7
    # The slots are free again afterwards.
    with mock.patch("django.contrib.auth.hashers.Argon2PasswordHasher.encode", return_value="x"):
        assert make_password("lagi") == "x"


def test_a_sign_in_that_finds_every_slot_taken_is_answered_429_without_hashing(client, kepahiang_officer, settings):
    settings.SINERGI_LOGIN_HASH_CONCURRENCY = 2
    slots = throttle._semaphore()
    assert slots.acquire(blocking=False)
    assert slots.acquire(blocking=False)
    try:
        with mock.patch("django.contrib.auth.hashers.Argon2PasswordHasher.verify") as verify:
            response = client.post(reverse("login"), {"username": "tak-dikenal", "password": "salah-sekali"})
            assert response.status_code == 429
            assert "busy" in response.content.decode()
            response = client.post(reverse("login"), {"username": "kepahiang", "password": PASSWORD})
            assert response.status_code == 429
            verify.assert_not_called()
    finally:
        slots.release()
        slots.release()
    assert client.post(reverse("login"), {"username": "kepahiang", "password": PASSWORD}).status_code == 302


def test_the_stored_hashes_still_verify_with_the_bounded_hasher(kepahiang_officer):
    assert isinstance(get_hasher(), throttle.BoundedArgon2PasswordHasher)
    assert kepahiang_officer.password.startswith("argon2$")
    assert check_password(PASSWORD, kepahiang_officer.password)


def test_a_throttled_sign_in_never_reaches_axes_or_the_hasher(client, settings):
    settings.SINERGI_LOGIN_PER_USERNAME = 3
    settings.SINERGI_LOGIN_PER_IP = 100
    hasher = get_hasher()
    with (
        mock.patch.object(type(hasher), "encode", wraps=hasher.encode) as encode,
        mock.patch("axes.handlers.proxy.AxesProxyHandler.is_allowed", return_value=True) as axes_check,
    ):
        answers = [client.post(reverse("login"), {"username": "siapa", "password": "salah"}) for _ in range(3)]
        assert [a.status_code for a in answers] == [200, 200, 200]  # wrong password: the form again
        hashed, checked = encode.call_count, axes_check.call_count
        assert hashed == 3
        throttled = client.post(reverse("login"), {"username": "SIAPA ", "password": "salah"})
        assert throttled.status_code == 429
        assert throttled["Retry-After"] == "60"
        assert encode.call_count == hashed
        assert axes_check.call_count == checked
    # Another username from the same address is not held back by this one's count.
    assert client.post(reverse("login"), {"username": "orang-lain", "password": "salah"}).status_code == 200


def test_the_address_counter_uses_the_trusted_proxy_setting(settings):
    settings.SINERGI_LOGIN_PER_IP = 2
    settings.SINERGI_LOGIN_PER_USERNAME = 100
    settings.PROXY_COUNT = 1
    url = reverse("login")

    def from_client(address: str, i: int) -> int:
        # The client may write anything on the left of X-Forwarded-For; the proxy appends the real address.
        headers = {"X-Forwarded-For": f"10.9.9.{i}, {address}"}
        return Client(headers=headers).post(url, {"username": f"u{i}", "password": "x"}).status_code

    assert [from_client("203.0.113.7", i) for i in range(3)] == [200, 200, 429]
    assert from_client("203.0.113.8", 9) == 200


def test_the_refusal_is_indonesian(settings):
    settings.SINERGI_LOGIN_PER_USERNAME = 0
    with translation.override("id"):
        response = Client().post(reverse("login"), {"username": "a", "password": "b"})
    assert response.status_code == 429
    assert "Terlalu banyak percobaan masuk" in response.content.decode()
