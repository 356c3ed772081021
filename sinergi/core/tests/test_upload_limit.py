"""A request body larger than SINERGI_MAX_UPLOAD_BYTES is refused with 413 before it is read, on pages and the API,
whether it declares its length or streams without one (WSGI and ASGI)."""

from __future__ import annotations

import asyncio
import io
import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from sinergi.accounts.services import api_token_create, system_actor
from sinergi.ingest.models import ImportBatch
from sinergi.ingest.tests.test_import import GOOD, HEADER

MB = 1024 * 1024


class CountingInput(io.RawIOBase):
    """A request body that records how much of it was read."""

    def __init__(self, size: int, chunk: bytes = b"x") -> None:
        self.size, self.read_bytes, self.chunk = size, 0, chunk

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        n = min(len(buffer), self.size - self.read_bytes)
        buffer[:n] = (self.chunk * n)[:n]
        self.read_bytes += n
        return n


def _input(body: CountingInput) -> dict[str, Any]:
    return {"wsgi.input": body}


def test_the_default_lets_a_100_mb_spreadsheet_through_but_not_200_mb(settings):
    assert 100 * MB < settings.SINERGI_MAX_UPLOAD_BYTES < 200 * MB
    assert settings.SINERGI_MAX_UPLOAD_BYTES >= settings.SINERGI_IMPORT_MAX_BYTES


def _api_client(user: Any) -> Client:
    _token, raw = api_token_create(actor=system_actor(), user=user, name="test")
    return Client(headers={"Authorization": f"Bearer {raw}"})


def test_a_declared_200_mb_api_body_is_refused_unread(kepahiang_officer):
    body = CountingInput(10)
    response = _api_client(kepahiang_officer).post(
        "/api/v1/imports",
        b"",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(200 * MB),
        **_input(body),
    )
    assert response.status_code == 413
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 413
    assert "101 MB" in problem["detail"]
    assert body.read_bytes == 0
    assert not ImportBatch.objects.exists()


def test_a_declared_200_mb_page_upload_is_refused_unread_in_indonesian(kepahiang_officer):
    client = Client()  # no language cookie: the page answers in Indonesian
    client.force_login(kepahiang_officer)
    body = CountingInput(10)
    response = client.post(
        reverse("import_new"),
        b"",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(200 * MB),
        **_input(body),
    )
    assert response.status_code == 413
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "terlalu besar" in html
    assert "101 MB" in html
    assert body.read_bytes == 0


def test_a_normal_import_still_goes_through(client, kepahiang_officer):
    client.force_login(kepahiang_officer)
    lines = [";".join(HEADER)] + [";".join(str(c) for c in r) for r in GOOD]
    data = {
        "file": SimpleUploadedFile("umkm.csv", ("\n".join(lines) + "\n").encode(), "text/csv"),
        "region": "17.08",
        "source": "web-uji",
    }
    response = client.post(reverse("import_new"), data)
    assert response.status_code == 302, response.content
    assert ImportBatch.objects.count() == 1


def _wsgi_call(environ: dict[str, Any]) -> tuple[str, dict[str, str], bytes]:
    from sinergi.wsgi import application

    seen: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> None:
        seen["status"], seen["headers"] = status, dict(headers)

    chunks = application(environ, start_response)
    try:
        content = b"".join(chunks)
    finally:
        getattr(chunks, "close", lambda: None)()
    return seen["status"], seen["headers"], content


def _environ(path: str, body: Any, **extra: str) -> dict[str, Any]:
    return {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": path,
        "SCRIPT_NAME": "",
        "QUERY_STRING": "",
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": "localhost",
        "HTTP_TRANSFER_ENCODING": "chunked",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": body,
        "wsgi.input_terminated": True,
        "wsgi.errors": io.StringIO(),
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
        **extra,
    }


@pytest.mark.django_db(transaction=True)
def test_a_streamed_body_without_length_is_cut_at_the_limit_on_wsgi(settings, regions, kepahiang_officer):
    settings.SINERGI_MAX_UPLOAD_BYTES = 64 * 1024
    body = CountingInput(10 * MB)
    _token, raw = api_token_create(actor=system_actor(), user=kepahiang_officer, name="test")
    status, headers, _content = _wsgi_call(
        _environ(
            "/api/v1/imports",
            body,
            CONTENT_TYPE="multipart/form-data; boundary=x",
            HTTP_AUTHORIZATION=f"Bearer {raw}",
        )
    )
    assert status.startswith("413")
    assert headers["Content-Type"] == "application/problem+json"
    assert body.read_bytes <= settings.SINERGI_MAX_UPLOAD_BYTES + 64 * 1024  # stopped near the limit, not at 10 MB


@pytest.mark.django_db(transaction=True)
def test_a_streamed_body_under_the_limit_still_arrives_on_wsgi(settings, regions, kepahiang_officer, kepahiang_desa):
    _token, raw = api_token_create(actor=system_actor(), user=kepahiang_officer, name="test")
    payload = json.dumps({"name": "Rina Wulandari", "desa": kepahiang_desa}).encode()
    status, _headers, content = _wsgi_call(
        _environ(
            "/api/v1/persons",
            io.BytesIO(payload),
            CONTENT_TYPE="application/json",
            HTTP_AUTHORIZATION=f"Bearer {raw}",
        )
    )
    assert status.startswith("201"), content
    assert json.loads(content)["name"] == "Rina Wulandari"


def _asgi_call(path: str, messages: list[dict[str, Any]], headers: list[tuple[bytes, bytes]]) -> dict[str, Any]:
    from sinergi.asgi import application

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"localhost"), *headers],
        "client": ("127.0.0.1", 1234),
        "server": ("localhost", 80),
    }
    received = {"count": 0}
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        if received["count"] < len(messages):
            received["count"] += 1
            return messages[received["count"] - 1]
        await asyncio.sleep(3600)  # a client that keeps the connection open
        return {"type": "http.disconnect"}

    async def send(message: Any) -> None:
        sent.append(message)

    asyncio.run(asyncio.wait_for(application(scope, receive, send), timeout=20))
    start = next(m for m in sent if m["type"] == "http.response.start")
    return {
        "status": start["status"],
        "headers": {k.decode().lower(): v.decode() for k, v in start["headers"]},
        "body": b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body"),
        "messages_read": received["count"],
    }


@pytest.mark.django_db(transaction=True)
def test_a_streamed_body_is_cut_at_the_limit_on_asgi(settings, regions):
    settings.SINERGI_MAX_UPLOAD_BYTES = 64 * 1024
    chunk = {"type": "http.request", "body": b"x" * 16 * 1024, "more_body": True}
    answer = _asgi_call("/api/v1/imports", [chunk] * 1000, [(b"content-type", b"multipart/form-data; boundary=x")])
    assert answer["status"] == 413
    assert answer["headers"]["content-type"] == "application/problem+json"
    assert answer["messages_read"] <= 6  # 64 KB of 16 KB chunks, and the one that went over


@pytest.mark.django_db(transaction=True)
def test_a_declared_length_over_the_limit_is_refused_unread_on_asgi(settings, regions):
    answer = _asgi_call(
        "/impor/baru/",
        [{"type": "http.request", "body": b"x", "more_body": True}],
        [(b"content-length", str(200 * MB).encode()), (b"content-type", b"multipart/form-data; boundary=x")],
    )
    assert answer["status"] == 413
    assert answer["headers"]["content-type"].startswith("text/html")
    assert answer["messages_read"] == 0
