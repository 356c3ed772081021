"""NIK, phone, address and birth date: in full only for editors of the person's region and the person themself,
masked for everyone else — in the API, on the person page and in its change log (issue 14)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from sinergi.accounts.access import can_see_personal
from sinergi.core.personal import mask_birth_date, mask_nik, mask_phone
from sinergi.registry import services
from sinergi.registry.models import Person

from .conftest import MASKED_NIK, NIK, PHONE


def test_masks_hide_the_birth_date_and_keep_the_ends():
    assert mask_nik(NIK) == MASKED_NIK
    assert "450785" not in mask_nik(NIK)  # day (45 = 5 + 40, a woman), month, year
    assert mask_nik("") == ""
    assert mask_nik("123") == "••••••••"
    assert mask_phone(PHONE) == "+6281••••••890"
    assert mask_birth_date(dt.date(1985, 7, 5)) == "1985"


@pytest.mark.django_db
def test_who_sees_in_full(
    kep,
    kepahiang_officer,
    bengkulu_officer,
    kepahiang_viewer,
    jember_officer,
    admin_user,
    association_officer,
    owner_self,
    other_owner,
):
    code, pk = kep.person.desa_id, kep.person.pk
    assert can_see_personal(kepahiang_officer, region_code=code, person_id=pk)
    assert can_see_personal(bengkulu_officer, region_code=code, person_id=pk)  # the province is an editor there
    assert can_see_personal(admin_user, region_code=code, person_id=pk)
    assert can_see_personal(owner_self, region_code=code, person_id=pk)
    assert not can_see_personal(kepahiang_viewer, region_code=code, person_id=pk)
    assert not can_see_personal(jember_officer, region_code=code, person_id=pk)
    assert not can_see_personal(association_officer, region_code=code, person_id=pk)
    assert not can_see_personal(other_owner, region_code=code, person_id=pk)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "masked"),
    [("kepahiang_officer", False), ("kepahiang_viewer", True), ("association_officer", True), ("owner_self", False)],
)
def test_api_person_masked_by_role(request, kep, api_client, who, masked):
    client = api_client(request.getfixturevalue(who))
    response = client.get(f"/api/v1/persons/{kep.person.pk}")
    assert response.status_code == 200, response.content
    body = response.json()
    assert response["Cache-Control"] == "no-store"
    assert body["masked"] is masked
    if masked:
        assert body["nik"] == MASKED_NIK
        assert body["phone"] == "+6281••••••890"
        assert body["address"] == "•••"
        assert body["birth_date"] is None
        assert body["birth_year"] == 1985
        assert NIK not in response.content.decode()
    else:
        assert body["nik"] == NIK
        assert body["phone"] == PHONE
        assert body["address"] == "Jl. Kaba 3"
        assert body["birth_date"] == "1985-07-05"


@pytest.mark.django_db
def test_api_list_masks_every_row_for_a_viewer(kep, api_client, kepahiang_viewer):
    items = api_client(kepahiang_viewer).get("/api/v1/persons?limit=50").json()["items"]
    assert {p["id"] for p in items} >= {kep.person.pk, kep.other.pk}
    assert all(p["masked"] for p in items)
    assert {p["nik"] for p in items} == {MASKED_NIK, "1708••••••••0002"}


@pytest.mark.django_db
def test_person_page_masked_for_a_viewer_with_its_history(kep, kepahiang_officer, kepahiang_viewer, page_client):
    services.person_update(actor=kepahiang_officer, person=kep.person, data={"phone": "081299998888"})
    html = page_client(kepahiang_viewer).get(reverse("person_detail", args=[kep.person.pk])).content.decode()
    assert MASKED_NIK in html
    assert NIK not in html
    assert "81234567890" not in html
    assert "81299998888" not in html
    assert "Jl. Kaba 3" not in html
    assert "5 Jul 1985" not in html
    assert "1985-07-05" not in html


@pytest.mark.django_db
def test_person_page_in_full_for_the_regions_editor(kep, kepahiang_officer, page_client):
    html = page_client(kepahiang_officer).get(reverse("person_detail", args=[kep.person.pk])).content.decode()
    assert NIK in html
    assert PHONE in html
    assert "Jl. Kaba 3" in html
    assert reverse("privacy_person", args=[kep.person.pk]) in html


@pytest.mark.django_db
def test_template_filter_masks_for_a_viewer(kep, kepahiang_viewer, kepahiang_officer, rf):
    from django.template import Context, Template

    template = Template("{% load personal %}{% with p=person|personal:request %}{{ p.nik }}|{{ p.phone }}{% endwith %}")
    person = Person.objects.get(pk=kep.person.pk)
    for user, expected in ((kepahiang_viewer, f"{MASKED_NIK}|+6281••••••890"), (kepahiang_officer, f"{NIK}|{PHONE}")):
        request = rf.get("/")
        request.user = user
        assert template.render(Context({"person": person, "request": request})) == expected


@pytest.mark.django_db
def test_duplicate_review_cards_masked_for_a_viewer(kep, kepahiang_viewer):
    from sinergi.linkage.selectors import record_cards
    from sinergi.registry.personal import PersonalView

    cards = record_cards(kind="person", ids={kep.person.pk}, personal=PersonalView(kepahiang_viewer))
    facts = dict(cards[kep.person.pk].facts)
    assert facts["NIK"] == MASKED_NIK
    assert facts["birth date"] == "1985"
