"""What the public reaches: the code lookup never shows contact data; every public surface (status page, forum
page, forums list, public API) walked with each confidentiality level, nothing secret leaking; the web form's
honeypot, rate limits per connection and per phone, length limits, HTML stripped and attachments sniffed."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from sinergi.aspirations import public, services
from sinergi.aspirations.models import Aspiration, Confidentiality
from sinergi.aspirations.tests.factories import TANJUNGREJO, aspiration, forum

pytestmark = pytest.mark.django_db

PHONE = "+6281234567890"
SECRETS = ("Pak Slamet", PHONE, "081234567890", "slamet@contoh.id", "Bidang Rahasia", "rencana internal")
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


def _english(**extra: Any) -> Client:
    """A browser that chose English (the messages below are the msgids); Indonesian is tested at the end."""
    client = Client(**extra)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def _handled(officer, level: str, forum_pk: int, text: str) -> Aspiration:
    a = aspiration(officer, confidentiality=level, forum_id=forum_pk, text=text)
    services.aspiration_assign(actor=officer, aspiration=a, officer=officer, unit="Bidang Rahasia")
    services.aspiration_plan(actor=officer, aspiration=a, plan="rencana internal")
    return services.aspiration_answer(actor=officer, aspiration=a, answer=f"Jawaban untuk {level}")


def _public_texts(client: Client, a: Aspiration, forum_pk: int) -> dict[str, str]:
    return {
        "status page": client.get(reverse("aspiration_public_status"), {"kode": a.code}).content.decode(),
        "forum page": client.get(reverse("aspiration_public_forum", args=[forum_pk])).content.decode(),
        "forums page": client.get(reverse("aspiration_public_forums")).content.decode(),
        "status API": client.get(f"/api/v1/public/aspirations/{a.code}").content.decode(),
        "forum API": client.get(f"/api/v1/public/aspiration-forums/{forum_pk}").content.decode(),
    }


@pytest.mark.parametrize("level", [c.value for c in Confidentiality])
def test_every_public_surface_with_each_confidentiality_level(jember_officer, level):
    f = forum(jember_officer)
    a = _handled(jember_officer, level, f.pk, f"Isi aspirasi {level} tentang pemasaran")
    texts = _public_texts(_english(), a, f.pk)
    for surface, body in texts.items():
        for secret in (*SECRETS[1:], "Bidang Rahasia"):
            assert secret not in body, f"{secret!r} leaked on the {surface} ({level})"
        if level == Confidentiality.SECRET:
            assert f"Isi aspirasi {level}" not in body, f"secret text on the {surface}"
            assert f"Jawaban untuk {level}" not in body, f"secret answer on the {surface}"
            assert "Pak Slamet" not in body, f"secret name on the {surface}"
            if surface in ("forum page", "forum API"):
                assert a.code not in body
        if level == Confidentiality.ANONYMOUS:
            assert "Pak Slamet" not in body, f"anonymous name on the {surface}"
    assert a.code in texts["status page"]  # the person still follows it with the code
    if level != Confidentiality.SECRET:
        assert f"Isi aspirasi {level}" in texts["forum page"]
        assert f"Jawaban untuk {level}" in texts["forum page"]
        assert f"Jawaban untuk {level}" in texts["status API"]
    assert ("Pak Slamet" in texts["forum page"]) == (level == Confidentiality.OPEN)


def test_secret_ones_are_not_counted_on_the_public_forum_page(jember_officer):
    f = forum(jember_officer)
    _handled(jember_officer, "rahasia", f.pk, "satu")
    _handled(jember_officer, "anonim", f.pk, "dua")
    page = public.forum_page(f)
    assert page.total == 1
    assert page.answered == 1
    assert len(page.published) == 1


def test_the_code_lookup_shows_status_and_answer_never_contact_data(jember_officer):
    a = _handled(jember_officer, "anonim", forum(jember_officer).pk, "Pemasaran kopi")
    found = public.status_by_code(a.code.lower().replace("-", " "))
    assert found is not None
    assert found.code == a.code
    assert found.status == "answered"
    assert found.answer == "Jawaban untuk anonim"
    assert found.name == ""
    assert all(s not in repr(found) for s in SECRETS)
    assert public.status_by_code(a.code[:-4] + "AAAA") is None or a.code.endswith("AAAA")
    assert public.status_by_code("bukan kode") is None
    response = _english().get(reverse("aspiration_public_status"), {"kode": "3509-99999-ABCD"})
    assert response.status_code == 404


def test_a_duplicate_follows_the_progress_of_the_one_it_was_merged_into(jember_officer):
    f = forum(jember_officer)
    first = aspiration(jember_officer, confidentiality="anonim", forum_id=f.pk)
    second = aspiration(jember_officer, confidentiality="anonim", forum_id=f.pk)
    services.aspiration_merge(actor=jember_officer, aspiration=second, into=first)
    services.aspiration_assign(actor=jember_officer, aspiration=first, officer=jember_officer)
    services.aspiration_answer(actor=jember_officer, aspiration=first, answer="Diikutkan studi banding")
    found = public.status_by_code(second.code)
    assert found is not None
    assert found.status == "answered"
    assert found.answer == "Diikutkan studi banding"
    assert found.merged_into == first.code
    assert public.forum_page(f).total == 1  # the duplicate is not counted twice


def test_the_person_reopens_with_the_code(jember_officer):
    a = _handled(jember_officer, "rahasia", forum(jember_officer).pk, "x")
    client = _english()
    response = client.post(reverse("aspiration_public_status"), {"kode": a.code, "text": "Belum terselesaikan"})
    assert response.status_code == 200
    a.refresh_from_db()
    assert a.status == "in_progress"
    assert a.reopened == 1


def _form(**overrides):
    data = {
        "office": "35.09",
        "text": "Mohon pelatihan <script>alert(1)</script>pemasaran daring.",
        "category": "training",
        "name": "Bu Ani",
        "phone": "0813-1111-2222",
        "confidentiality": "anonim",
        "website": "",
    }
    data.update(overrides)
    return data


def test_the_public_form_records_with_html_stripped_and_gives_a_code(regions):
    response = _english().post(reverse("aspiration_public_form"), _form())
    assert response.status_code == 200, response.content.decode()[:2000]
    a = Aspiration.objects.get()
    assert a.code in response.content.decode()
    assert "<script>" not in a.text
    assert a.text.startswith("Mohon pelatihan")
    assert a.channel == "web"
    assert a.phone == "+6281311112222"
    assert a.confidentiality == "anonim"


def test_the_public_form_defaults_to_secret(regions):
    _english().post(reverse("aspiration_public_form"), _form(confidentiality=""))
    assert not Aspiration.objects.exists()  # the radio must be chosen; the form offers rahasia first
    form_page = _english().get(reverse("aspiration_public_form")).content.decode()
    assert re.search(r'value="rahasia"[^>]*checked', form_page)
    assert not re.search(r'value="(anonim|terbuka)"[^>]*checked', form_page)


def test_the_honeypot_refuses_with_a_message(regions):
    response = _english().post(reverse("aspiration_public_form"), _form(website="http://spam.example"))
    assert response.status_code == 400
    assert "Leave the last field empty" in response.content.decode()
    assert not Aspiration.objects.exists()


def test_rate_limits_per_connection_and_per_phone(regions, settings):
    settings.SINERGI_ASPIRATION_PER_IP_HOUR = 2
    settings.SINERGI_ASPIRATION_PER_PHONE_HOUR = 1
    client = _english()
    assert client.post(reverse("aspiration_public_form"), _form()).status_code == 200
    again = client.post(reverse("aspiration_public_form"), _form(text="Kedua"))
    assert again.status_code == 429
    assert "this phone number" in again.content.decode()
    other_phone = client.post(reverse("aspiration_public_form"), _form(phone="0813-3333-4444"))
    assert other_phone.status_code == 429
    assert "this connection" in other_phone.content.decode()
    assert Aspiration.objects.count() == 1
    from_elsewhere = _english(REMOTE_ADDR="10.0.0.9").post(reverse("aspiration_public_form"), _form(phone=""))
    assert from_elsewhere.status_code == 200


def test_lookups_are_rate_limited(regions, settings):
    settings.SINERGI_ASPIRATION_LOOKUPS_PER_IP_HOUR = 2
    client = _english()
    for _ in range(2):
        assert client.get(reverse("aspiration_public_status"), {"kode": "3509-00001-ABCD"}).status_code == 404
    assert client.get(reverse("aspiration_public_status"), {"kode": "3509-00001-ABCD"}).status_code == 429
    assert client.get("/api/v1/public/aspirations/3509-00001-ABCD").status_code == 429


def test_length_limits_and_bad_phone_have_their_messages(regions):
    response = _english().post(reverse("aspiration_public_form"), _form(text="x" * 2001, phone="123"))
    assert response.status_code == 400
    body = response.content.decode()
    assert "At most 2000 characters" in body or "not an Indonesian phone number" in body
    assert not Aspiration.objects.exists()


def test_attachments_are_sniffed_not_trusted_by_name(regions, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    fake = SimpleUploadedFile("foto.jpg", b"<html>not a photo</html>", content_type="image/jpeg")
    response = _english().post(reverse("aspiration_public_form"), {**_form(), "attachment": fake})
    assert response.status_code == 400
    assert "is not a photo" in response.content.decode()
    real = SimpleUploadedFile("bukti.pdf", PNG, content_type="application/pdf")
    assert _english().post(reverse("aspiration_public_form"), {**_form(), "attachment": real}).status_code == 200
    stored = Aspiration.objects.get().attachments.get()
    assert stored.content_type == "image/png"
    assert stored.file.name.endswith(".png")
    settings.SINERGI_ASPIRATION_MAX_FILE_BYTES = 10
    big = SimpleUploadedFile("besar.png", PNG, content_type="image/png")
    response = _english(REMOTE_ADDR="10.0.0.2").post(
        reverse("aspiration_public_form"), {**_form(phone=""), "attachment": big}
    )
    assert response.status_code == 400
    assert "larger than" in response.content.decode()


def test_staff_pages_show_phone_in_full_only_to_the_regions_editors(jember_officer, kepahiang_officer, regions):
    from sinergi.accounts.models import Role
    from sinergi.accounts.services import system_actor, user_create

    viewer = user_create(
        actor=system_actor(), username="lihat", password="x-rahasia-123", role=Role.VIEWER, region_codes=["35.09"]
    )
    a = aspiration(jember_officer, desa_id=TANJUNGREJO)
    editor, reader, outsider = _english(), _english(), _english()
    editor.force_login(jember_officer)
    reader.force_login(viewer)
    outsider.force_login(kepahiang_officer)
    url = reverse("aspiration_detail", args=[a.pk])
    assert PHONE in editor.get(url).content.decode()
    page = reader.get(url).content.decode()
    assert PHONE not in page
    assert "slamet@contoh.id" not in page
    assert "+6281" in page
    assert outsider.get(url).status_code == 404
    api = reader.get(f"/api/v1/aspirations/{a.pk}").json()
    assert api["phone"] != PHONE
    assert api["email"] != "slamet@contoh.id"
    history = reader.get(url + "?tab=history").content.decode()
    assert PHONE not in history
    assert "slamet@contoh.id" not in history
    export = editor.get(reverse("aspiration_list") + "?format=xlsx")
    body = b"".join(export.streaming_content)  # type: ignore[attr-defined]
    assert PHONE.encode() not in body
    assert b"Pak Slamet" not in body


def test_a_pdf_is_sniffed_by_its_first_bytes():
    from sinergi.aspirations.attachments import check_upload

    found = check_upload(stream=io.BytesIO(b"%PDF-1.7\n..."), size=12, name="surat.txt")
    assert found.content_type == "application/pdf"
    assert found.extension == ".pdf"


def test_the_refusals_read_in_indonesian_by_default(regions, settings):
    settings.SINERGI_ASPIRATION_PER_PHONE_HOUR = 1
    client = Client()  # no language chosen: Bahasa Indonesia
    page = client.get(reverse("aspiration_public_form")).content.decode()
    assert "Kirim aspirasi ke dinas" in page
    assert "Rahasia: sama sekali tidak ditampilkan kepada publik" in page
    spam = client.post(reverse("aspiration_public_form"), _form(website="x")).content.decode()
    assert "Biarkan kolom terakhir kosong" in spam
    assert client.post(reverse("aspiration_public_form"), _form()).status_code == 200
    again = client.post(reverse("aspiration_public_form"), _form(text="lagi")).content.decode()
    assert "Terlalu banyak aspirasi dikirim dengan nomor telepon ini" in again
    missing = client.get(reverse("aspiration_public_status"), {"kode": "3509-00077-ABCD"}).content.decode()
    assert "Tidak ada aspirasi dengan kode ini" in missing
