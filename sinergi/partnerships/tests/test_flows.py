"""The services: status steps only in order (each a change-log row), bad input refused with its field, documents
sniffed and size-limited, another region's office refused."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from sinergi.core.models import ChangeLog
from sinergi.partnerships import services
from sinergi.partnerships.models import Partnership, PartnershipStatus
from sinergi.partnerships.tests.factories import business, need, partner, partnership

pytestmark = pytest.mark.django_db


@pytest.fixture
def uni(kepahiang_officer):
    return partner(kepahiang_officer)


def _errors(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return exc.value.message_dict


def test_status_moves_only_in_order_and_each_step_is_logged(kepahiang_officer, kepahiang_desa, clusters, uni):
    mou = partnership(kepahiang_officer, uni)
    assert mou.status == PartnershipStatus.PROPOSED
    for wrong in ("running", "ended", "proposed"):
        with pytest.raises(ValidationError) as exc:
            services.partnership_advance(actor=kepahiang_officer, partnership=mou, to=wrong)
        assert "moves only to agreed" in _errors(exc)["to"][0]
    with pytest.raises(ValidationError) as exc:
        services.partnership_advance(actor=kepahiang_officer, partnership=mou, to="signed")
    assert _errors(exc)["to"] == ["Unknown status."]

    services.partnership_advance(actor=kepahiang_officer, partnership=mou, to="agreed")
    with pytest.raises(ValidationError) as exc:
        services.partnership_advance(actor=kepahiang_officer, partnership=mou, to="running")
    assert _errors(exc)["to"] == ["Add the businesses taking part before the partnership runs."]
    shop = business(kepahiang_officer, kepahiang_desa, clusters["kuliner"], "Kopi Kaba")
    services.partnership_business_add(actor=kepahiang_officer, partnership=mou, business=shop, role="pemasok")
    services.partnership_advance(actor=kepahiang_officer, partnership=mou, to="running")
    services.partnership_advance(actor=kepahiang_officer, partnership=mou, to="ended")
    mou.refresh_from_db()
    assert mou.status == "ended"
    assert mou.ends_on is not None
    with pytest.raises(ValidationError) as exc:
        services.partnership_advance(actor=kepahiang_officer, partnership=mou, to="ended")
    assert "has ended" in _errors(exc)["to"][0]

    kind = ContentType.objects.get_for_model(Partnership)
    steps = [
        (row.after or {})["status"]
        for row in ChangeLog.objects.filter(content_type=kind, object_id=str(mou.pk), action="update").order_by("id")
    ]
    assert steps == ["agreed", "running", "ended"]


def test_agreed_needs_a_start_date(kepahiang_officer, uni):
    mou = partnership(kepahiang_officer, uni, starts_on=None)
    with pytest.raises(ValidationError) as exc:
        services.partnership_advance(actor=kepahiang_officer, partnership=mou, to="agreed")
    assert _errors(exc)["to"] == ["Set the date the partnership starts before marking it agreed."]


def test_outcomes_only_once_running(kepahiang_officer, uni):
    mou = partnership(kepahiang_officer, uni)
    with pytest.raises(ValidationError, match="once the partnership runs"):
        services.partnership_outcome_set(actor=kepahiang_officer, partnership=mou, data={"volume_supplied": "5"})


def test_bad_partner_input_is_refused_by_field(kepahiang_officer, regions):
    with pytest.raises(ValidationError) as exc:
        services.partner_create(actor=kepahiang_officer, data={"office_id": "17.08", "kind": "bank", "name": " "})
    assert set(_errors(exc)) == {"kind", "name"}
    with pytest.raises(ValidationError) as exc:
        services.partner_create(actor=kepahiang_officer, data={"office_id": "17.08.01", "kind": "ngo", "name": "X"})
    assert set(_errors(exc)) == {"office_id"}
    with pytest.raises(ValidationError) as exc:
        services.partner_create(actor=kepahiang_officer, data={"office_id": "17.08", "kind": "ngo", "nama": "X"})
    assert "Unknown fields: nama" in exc.value.messages[0]
    partner(kepahiang_officer, name="LSM Kaba")
    with pytest.raises(ValidationError) as exc:
        partner(kepahiang_officer, name="lsm kaba")
    assert set(_errors(exc)) == {"name"}


def test_bad_need_input_is_refused_by_field(kepahiang_officer, uni):
    with pytest.raises(ValidationError) as exc:
        need(
            kepahiang_officer,
            uni,
            direction="wants",
            topic="",
            title="",
            volume="banyak",
            region_id="35.09",
            required_documents=["ktp"],
            min_workforce=0,
        )
    assert set(_errors(exc)) == {
        "direction",
        "topic",
        "title",
        "volume",
        "region_id",
        "required_documents",
        "min_workforce",
    }
    with pytest.raises(ValidationError) as exc:
        need(kepahiang_officer, uni, volume="200")
    assert set(_errors(exc)) == {"volume_unit"}
    made = need(kepahiang_officer, uni, volume="1.250,5", volume_unit="KG", required_documents=["halal", "nib"])
    assert (str(made.volume), made.volume_unit, made.required_documents) == ("1250.50", "kg", ["nib", "halal"])


def test_bad_partnership_input_is_refused_by_field(kepahiang_officer, uni):
    other = partner(kepahiang_officer, name="Bank Kaba")
    foreign_need = need(kepahiang_officer, other)
    with pytest.raises(ValidationError) as exc:
        partnership(
            kepahiang_officer,
            uni,
            title="",
            kind="contract",
            starts_on="2026-05-01",
            ends_on="2026-01-01",
            value="banyak",
            need_id=foreign_need.pk,
        )
    assert set(_errors(exc)) == {"title", "kind", "ends_on", "value", "need_id"}
    made = partnership(kepahiang_officer, uni, value="Rp 75 jt")
    assert str(made.value) == "75000000.00"


def test_another_region_may_not_write(kepahiang_officer, jember_officer, jember_desa, clusters, uni):
    with pytest.raises(PermissionDenied):
        partner(jember_officer, office="17.08", name="Koperasi Lain")
    mou = partnership(kepahiang_officer, uni)
    with pytest.raises(PermissionDenied):
        services.partnership_advance(actor=jember_officer, partnership=mou, to="agreed")
    far = business(jember_officer, jember_desa, clusters["kuliner"], "Kopi Jember")
    with pytest.raises(ValidationError) as exc:
        services.partnership_business_add(actor=kepahiang_officer, partnership=mou, business=far)
    assert set(_errors(exc)) == {"business"}


def test_documents_are_sniffed_and_size_limited(kepahiang_officer, uni, settings):
    mou = partnership(kepahiang_officer, uni)
    disguised = SimpleUploadedFile("mou.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError) as exc:
        services.partnership_document_add(actor=kepahiang_officer, partnership=mou, upload=disguised)
    assert "is not a photo (JPEG, PNG, WebP) or a PDF" in _errors(exc)["file"][0]
    settings.SINERGI_EVIDENCE_MAX_BYTES = 100
    big = SimpleUploadedFile("mou.pdf", b"%PDF-1.4\n" + b"0" * 200, content_type="application/pdf")
    with pytest.raises(ValidationError) as exc:
        services.partnership_document_add(actor=kepahiang_officer, partnership=mou, upload=big)
    assert "at most 100 bytes" in _errors(exc)["file"][0]
    good = SimpleUploadedFile("MoU bertanda tangan.pdf", b"%PDF-1.4\n%%EOF\n", content_type="text/plain")
    document = services.partnership_document_add(actor=kepahiang_officer, partnership=mou, upload=good)
    assert (document.content_type, document.name) == ("application/pdf", "MoU bertanda tangan.pdf")
    assert document.file.name.endswith(".pdf")
