"""Headers that keep a browser safe: a Content-Security-Policy everywhere, no caching of what a signed-in user saw,
HSTS with subdomains behind TLS; and no inline script, style or event handler in any template (the policy would
block them)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.test import Client

from sinergi.accounts.services import api_token_create, system_actor

TEMPLATES = Path(settings.BASE_DIR) / "sinergi"


def test_every_answer_has_a_self_only_policy(db):
    for path in ["/akun/masuk/", "/api/v1/regions", "/healthz", "/no-such-page/"]:
        policy = Client().get(path)["Content-Security-Policy"]
        assert "default-src 'self'" in policy, path
        assert "script-src 'self'" in policy
        assert "style-src 'self'" in policy
        assert "unsafe-inline" not in policy
        assert "unsafe-eval" not in policy
        assert "frame-ancestors 'none'" in policy


def test_pages_of_a_signed_in_user_are_not_stored(client, kepahiang_officer):
    # What anyone may read keeps whatever caching it had.
    assert "no-store" not in Client().get("/api/v1/openapi.json").get("Cache-Control", "")
    client.force_login(kepahiang_officer)
    for path in ["/", "/usaha/", "/akun/profil/"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert response["Cache-Control"] == "no-store", path


def test_api_answers_to_a_token_are_not_stored(kepahiang_officer):
    _token, raw = api_token_create(actor=system_actor(), user=kepahiang_officer, name="test")
    client = Client(headers={"Authorization": f"Bearer {raw}"})
    assert client.get("/api/v1/persons")["Cache-Control"] == "no-store"
    assert client.get("/api/v1/persons/999999")["Cache-Control"] == "no-store"  # errors too
    # The bundled docs scripts are the same for everyone and keep being cached.
    assert "max-age" in client.get("/api/v1/docs/assets/swagger-ui-bundle.js")["Cache-Control"]


def test_hsts_covers_subdomains_behind_tls():
    code = "import sinergi.settings as s; print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS)"
    env = {**os.environ, "HTTPS": "1", "DJANGO_SETTINGS_MODULE": "sinergi.settings"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    seconds, subdomains = out.split()
    assert int(seconds) > 0
    assert subdomains == "True"


INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I), "inline <script>"),
    (re.compile(r"<style\b", re.I), "<style> element"),
    (re.compile(r"\sstyle=\"", re.I), "style attribute"),
    (re.compile(r"\son[a-z]+=\"", re.I), "event handler attribute"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
    (re.compile(r"\shx-on", re.I), "hx-on handler"),
]


def test_no_template_has_inline_script_or_style():
    found = []
    for path in TEMPLATES.rglob("templates/**/*.html"):
        text = path.read_text(encoding="utf-8")
        for pattern, what in INLINE:
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{path.relative_to(TEMPLATES)}:{line}: {what}")
    assert not found, found
