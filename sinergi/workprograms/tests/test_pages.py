"""The pages as the association and the office use them: drafting, the review with a comment per item, progress
with evidence, the association's standing with its WhatsApp link, and refusals."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.test import override_settings
from django.urls import reverse
from PIL import Image

from sinergi.workprograms import services
from sinergi.workprograms.models import Evidence, ProgramStatus, WorkProgram
from sinergi.workprograms.tests.conftest import draft, item_data

pytestmark = pytest.mark.django_db


def _png(width: int = 1200, height: int = 900) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 120, 40)).save(buffer, "PNG")
    return buffer.getvalue()


PNG = _png()  # a real photo-sized image, so the thumbnail is made from it
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"


def _running(world, kepahiang_officer):
    program, items = draft(world)
    services.program_submit(actor=world.officer, program=program)
    services.program_approve(actor=kepahiang_officer, program=program)
    services.program_start(actor=world.officer, program=program)
    return program, items


def test_the_association_drafts_and_submits_on_the_pages(client, world):
    client.force_login(world.officer)
    response = client.post(reverse("workprogram_create", args=[world.association.pk]), {"kind": "100day"})
    assert response.status_code == 302
    program = WorkProgram.objects.get(association=world.association)
    data = {k: v for k, v in item_data(world).items() if v is not None}
    bad = client.post(reverse("workprogram_item_add", args=[program.pk]), {**data, "target_unit": ""})
    assert bad.status_code == 400
    assert client.post(reverse("workprogram_item_add", args=[program.pk]), data).status_code == 302
    page = client.get(reverse("workprogram_detail", args=[program.pk])).content.decode()
    assert "Marketplace training" in page
    assert "Rp 5.000.000" in page
    assert 'data-step="submit"' in page
    assert client.post(reverse("workprogram_step", args=[program.pk, "submit"])).status_code == 302
    program.refresh_from_db()
    assert program.status == ProgramStatus.SUBMITTED
    # The association cannot review its own program.
    assert client.get(reverse("workprogram_review", args=[program.pk])).status_code == 403


def test_the_office_returns_one_item_with_a_comment(client, world, kepahiang_officer):
    program, (first, second) = draft(world)
    services.program_submit(actor=world.officer, program=program)
    client.force_login(kepahiang_officer)
    url = reverse("workprogram_review", args=[program.pk])
    assert client.get(url).status_code == 200
    empty = client.post(url, {"decision": "return"})
    assert empty.status_code == 400
    assert "Say what must change" in empty.content.decode()
    response = client.post(url, {"decision": "return", f"comment_{first.pk}": "Raise the target to 40."})
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.review_comment, second.review_comment) == ("Raise the target to 40.", "")
    client.force_login(world.officer)
    page = client.get(reverse("workprogram_detail", args=[program.pk])).content.decode()
    assert "Raise the target to 40." in page
    assert 'data-step="submit"' in page


def test_an_officer_of_another_association_sees_nothing(client, world):
    program, (item, _second) = draft(world)
    client.force_login(world.other_officer)
    assert client.get(reverse("workprogram_detail", args=[program.pk])).status_code == 404
    assert client.get(reverse("workprogram_association", args=[world.association.pk])).status_code == 404
    assert client.post(reverse("workprogram_step", args=[program.pk, "submit"])).status_code == 404
    assert client.post(reverse("workprogram_item_add", args=[program.pk]), {}).status_code == 404
    assert client.get(reverse("workprogram_item_edit", args=[item.pk])).status_code == 404
    assert "Asosiasi UMKM MMS" not in client.get(reverse("workprogram_list")).content.decode()
    assert "Asosiasi UMKM MMS" not in client.get(reverse("workprogram_standing")).content.decode()
    program.refresh_from_db()
    assert program.status == ProgramStatus.DRAFT


def test_a_viewer_reads_but_cannot_review_or_edit(client, world, kepahiang_viewer):
    program, (item, _second) = draft(world)
    services.program_submit(actor=world.officer, program=program)
    client.force_login(kepahiang_viewer)
    page = client.get(reverse("workprogram_detail", args=[program.pk])).content.decode()
    assert "Activity 0" in page
    assert "data-step=" not in page
    assert client.get(reverse("workprogram_review", args=[program.pk])).status_code == 403
    assert client.get(reverse("workprogram_item_edit", args=[item.pk])).status_code == 403


def test_progress_with_evidence_sniffed_from_the_content(client, world, kepahiang_officer, tmp_path):
    _program, (item, _second) = _running(world, kepahiang_officer)
    client.force_login(world.officer)
    url = reverse("workprogram_progress_add", args=[item.pk])
    assert client.get(url).status_code == 200
    with override_settings(MEDIA_ROOT=tmp_path):
        disguised = client.post(
            url,
            {
                "reported_on": "2023-12-01",
                "achieved": "12",
                "narrative": "First session",
                "evidence": [SimpleUploadedFile("foto.jpg", b"MZ\x90\x00 not a photo", content_type="image/jpeg")],
            },
        )
        assert disguised.status_code == 400
        assert "is not a photo" in disguised.content.decode()
        response = client.post(
            url,
            {
                "reported_on": "2023-12-01",
                "achieved": "12",
                "narrative": "First session",
                "evidence": [
                    SimpleUploadedFile("foto.png", PNG, content_type="application/octet-stream"),
                    SimpleUploadedFile("daftar-hadir.pdf", PDF, content_type="text/plain"),
                ],
            },
        )
        assert response.status_code == 302, response.content.decode()[:1000]
        kinds = sorted(Evidence.objects.values_list("content_type", flat=True))
        assert kinds == ["application/pdf", "image/png"]
        photo = Evidence.objects.get(content_type="image/png")
        assert photo.thumbnail  # a PNG gets a small JPEG
        thumb = client.get(reverse("workprogram_evidence_thumb", args=[photo.pk]))
        assert thumb["Content-Type"] == "image/jpeg"
        small = Image.open(io.BytesIO(b"".join(thumb.streaming_content)))
        assert small.format == "JPEG"
        assert max(small.size) <= 320
        assert "exif" not in small.info
        assert not Evidence.objects.get(content_type="application/pdf").thumbnail
        pdf = Evidence.objects.get(content_type="application/pdf")
        download = client.get(reverse("workprogram_evidence", args=[pdf.pk]))
        assert download.status_code == 200
        assert download["Content-Type"] == "application/pdf"
        assert b"".join(download.streaming_content).startswith(b"%PDF-")
        client.force_login(world.other_officer)
        assert client.get(reverse("workprogram_evidence", args=[pdf.pk])).status_code == 404
    page_item = item
    page_item.refresh_from_db()
    assert page_item.reports.get().achieved == 12


@override_settings(SINERGI_EVIDENCE_MAX_BYTES=100)
def test_a_too_large_file_is_refused(world, kepahiang_officer):
    from django.core.exceptions import ValidationError

    _program, (item, _second) = _running(world, kepahiang_officer)
    with pytest.raises(ValidationError, match="at most 100 bytes"):
        services.progress_add(
            actor=world.officer,
            item=item,
            reported_on=dt.date(2023, 12, 1),
            achieved="1",
            narrative="x",
            uploads=[SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * 200)],
        )
    assert not item.reports.exists()


def test_progress_only_while_running(world):
    from django.core.exceptions import ValidationError

    _program, (item, _second) = draft(world)
    with pytest.raises(ValidationError, match="while the program is running"):
        services.progress_add(
            actor=world.officer, item=item, reported_on=dt.date(2023, 12, 1), achieved="1", narrative="x"
        )


def test_the_association_page_shows_days_late_and_a_whatsapp_link_for_the_office(client, world, kepahiang_officer):
    client.force_login(kepahiang_officer)
    page = client.get(reverse("workprogram_association", args=[world.association.pk])).content.decode()
    assert 'data-state="overdue"' in page
    assert "https://wa.me/6281273001111?text=" in page
    client.force_login(world.officer)
    own = client.get(reverse("workprogram_association", args=[world.association.pk])).content.decode()
    assert 'data-state="overdue"' in own
    assert "wa.me" not in own


def test_the_home_page_include(world, kepahiang_officer, jember_officer):
    template = Template("{% load workprograms_tags %}{% overdue_work_programs user %}")
    html = template.render(Context({"user": kepahiang_officer}))
    assert f'data-association="{world.association.pk}"' in html
    assert "Asosiasi Batik Jember" not in html
    assert "Asosiasi Batik Jember" in template.render(Context({"user": jember_officer}))


def test_the_standing_list_filters_the_late(client, world, kepahiang_officer):
    client.force_login(kepahiang_officer)
    late = client.get(reverse("workprogram_standing"), {"overdue": "on"}).content.decode()
    assert "Asosiasi UMKM MMS Kepahiang" in late
    program, _items = draft(world)
    services.program_submit(actor=world.officer, program=program)
    assert (
        "Asosiasi UMKM MMS Kepahiang"
        not in client.get(reverse("workprogram_standing"), {"overdue": "on"}).content.decode()
    )
    everyone = client.get(reverse("workprogram_standing")).content.decode()
    assert 'data-state="late"' in everyone
