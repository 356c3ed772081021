"""The pages: the generic contract for partners and partnerships (region scoping, no N+1, 404 for another
kabupaten, sign-in), the matching page's words, a status step out of order refused on the page, documents."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from sinergi.core.testing import CreateContract, EditContract, PageContract
from sinergi.partnerships import services
from sinergi.partnerships.models import Partner, Partnership
from sinergi.partnerships.tests.factories import business, need, partner, partnership

pytestmark = pytest.mark.django_db


class TestPartnerPages(CreateContract, EditContract):
    list_url = "partnership_partner_list"
    detail_url = "partnership_partner_detail"
    create_url = "partnership_partner_create"
    edit_url = "partnership_partner_edit"
    tabs = ("needs", "agreements", "history")
    reader = "kepahiang_viewer"
    filter_hit = {"q": "Universitas"}
    filter_miss = {"q": "Bank"}

    def make(self, request: pytest.FixtureRequest, *, index: int = 0) -> Any:
        return partner(request.getfixturevalue("kepahiang_officer"), name=f"Universitas Kaba {index}")

    def create_data(self, request: pytest.FixtureRequest) -> dict[str, Any]:
        request.getfixturevalue("regions")
        return {"office": "17.08", "kind": "retailer", "name": "Swalayan Kepahiang"}

    def bad_data(self, request: pytest.FixtureRequest) -> dict[str, Any]:
        return {"office": "17.08", "kind": "retailer", "name": "", "website": "bukan alamat"}

    def created(self, request: pytest.FixtureRequest, data: dict[str, Any]) -> bool:
        return Partner.objects.filter(name=data["name"], office_id="17.08").exists()

    def edit_data(self, request: pytest.FixtureRequest, obj: Any) -> dict[str, Any]:
        return {"kind": "ngo", "name": obj.name, "contact": "Bidang Pengabdian"}

    def edited(self, obj: Any) -> bool:
        obj.refresh_from_db()
        return obj.kind == "ngo" and obj.contact == "Bidang Pengabdian"


class TestPartnershipPages(PageContract):
    list_url = "partnership_list"
    detail_url = "partnership_detail"
    tabs = ("parties", "outcomes", "documents", "history")
    export_formats = ("xlsx",)
    filter_hit = {"q": "Pendampingan", "status": "proposed"}
    filter_miss = {"status": "running"}

    def make(self, request: pytest.FixtureRequest, *, index: int = 0) -> Any:
        officer = request.getfixturevalue("kepahiang_officer")
        of = Partner.objects.filter(name="Universitas Bengkulu").first() or partner(officer)
        return partnership(officer, of, title=f"MoU Pendampingan {index}", value="10000000")

    def shown_as(self, obj: Any) -> str:
        return obj.title


def _client(user: Any) -> Client:
    client = Client(headers={"Accept-Language": "en"})
    client.cookies["django_language"] = "en"
    client.force_login(user)
    return client


def test_the_matching_page_ranks_and_says_why(kepahiang_officer, kepahiang_desa, clusters):
    uni = partner(kepahiang_officer)
    without = business(kepahiang_officer, kepahiang_desa, clusters["kuliner"], "Abon Kaba", documents=("nib",))
    with_halal = business(kepahiang_officer, kepahiang_desa, clusters["kuliner"], "Bubuk Kaba", documents=("halal",))
    wanted = need(kepahiang_officer, uni, cluster_id=clusters["kuliner"].pk, required_documents=["halal"])
    html = _client(kepahiang_officer).get(reverse("partnership_need_detail", args=[wanted.pk])).content.decode()
    assert html.index(f'data-business="{with_halal.pk}"') < html.index(f'data-business="{without.pk}"')
    assert "No valid Halal certificate." in html
    assert "Holds a valid Halal certificate." in html
    page = _client(kepahiang_officer).get(reverse("partnership_business_partners", args=[without.pk]))
    assert page.status_code == 200
    assert wanted.title in page.content.decode()


def test_a_status_step_out_of_order_is_refused_on_the_page(kepahiang_officer):
    mou = partnership(kepahiang_officer, partner(kepahiang_officer))
    client = _client(kepahiang_officer)
    refused = client.post(reverse("partnership_status", args=[mou.pk]), {"to": "running"})
    assert refused.status_code == 400
    assert "moves only to agreed, not to running" in refused.content.decode()
    assert client.post(reverse("partnership_status", args=[mou.pk]), {"to": "agreed"}).status_code == 302
    mou.refresh_from_db()
    assert mou.status == "agreed"


def test_another_kabupaten_gets_404_everywhere(kepahiang_officer, jember_officer, kepahiang_desa, clusters):
    uni = partner(kepahiang_officer)
    wanted = need(kepahiang_officer, uni)
    mou = partnership(kepahiang_officer, uni)
    shop = business(kepahiang_officer, kepahiang_desa, clusters["kuliner"], "Kopi Kaba")
    services.partnership_business_add(actor=kepahiang_officer, partnership=mou, business=shop)
    upload = SimpleUploadedFile("mou.pdf", b"%PDF-1.4\n%%EOF\n")
    document = services.partnership_document_add(actor=kepahiang_officer, partnership=mou, upload=upload)
    party = mou.parties.get()
    other = _client(jember_officer)
    gets = [
        reverse("partnership_partner_detail", args=[uni.pk]),
        reverse("partnership_partner_edit", args=[uni.pk]),
        reverse("partnership_need_detail", args=[wanted.pk]),
        reverse("partnership_business_partners", args=[shop.pk]),
        reverse("partnership_detail", args=[mou.pk]),
        reverse("partnership_edit", args=[mou.pk]),
        reverse("partnership_document_file", args=[document.pk]),
    ]
    for url in gets:
        assert other.get(url).status_code == 404, url
    posts = [
        reverse("partnership_status", args=[mou.pk]),
        reverse("partnership_party_remove", args=[mou.pk, party.pk]),
        reverse("partnership_document_remove", args=[mou.pk, document.pk]),
        reverse("partnership_need_remove", args=[uni.pk, wanted.pk]),
    ]
    for url in posts:
        assert other.post(url, {"to": "agreed"}).status_code == 404, url
    assert Partnership.objects.get(pk=mou.pk).status == "proposed"
    assert mou.parties.exists()
    assert mou.documents.exists()
    assert uni.needs.exists()
    assert uni.name not in other.get(reverse("partnership_partner_list")).content.decode()
    own = _client(kepahiang_officer).get(reverse("partnership_document_file", args=[document.pk]))
    assert own.status_code == 200
    assert own["Content-Type"] == "application/pdf"


def test_a_disguised_document_is_refused_on_the_page(kepahiang_officer):
    mou = partnership(kepahiang_officer, partner(kepahiang_officer))
    fake = SimpleUploadedFile("mou.pdf", b"GIF89a not really", content_type="application/pdf")
    response = _client(kepahiang_officer).post(reverse("partnership_document_add", args=[mou.pk]), {"file": fake})
    assert response.status_code == 400
    assert "is not a photo (JPEG, PNG, WebP) or a PDF" in response.content.decode()
    assert not mou.documents.exists()


def test_staff_only(kepahiang_officer, regions):
    from sinergi.accounts.models import Role
    from sinergi.accounts.services import system_actor, user_create

    owner = user_create(actor=system_actor(), username="pemilik", password=None, role=Role.OWNER)
    assert _client(owner).get(reverse("partnership_partner_list")).status_code == 403
