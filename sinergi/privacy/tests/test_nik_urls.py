"""A NIK never travels in a URL: GET with one is refused on pages and the API; search by NIK posts it; the
NIK-taken check does not tell a user of another region that the number is registered (issue 14)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sinergi.privacy.models import AccessRecord

from .conftest import JEMBER_NIK, MASKED_NIK, NIK


@pytest.mark.django_db
@pytest.mark.parametrize("query", [f"q={NIK}", "q=1708.0145.0785.0001", f"nik={NIK}", f"x=1&q={NIK[:6]} {NIK[6:]}"])
def test_page_get_with_a_nik_is_refused(kep, kepahiang_officer, page_client, query):
    response = page_client(kepahiang_officer).get(f"{reverse('business_list')}?{query}")
    assert response.status_code == 400
    html = response.content.decode()
    assert "must not be put in a page's address" in html
    assert reverse("person_nik_search") in html  # the form that posts it instead


@pytest.mark.django_db
def test_an_ordinary_search_still_works(kep, kepahiang_officer, page_client):
    assert page_client(kepahiang_officer).get(f"{reverse('business_list')}?q=kopi").status_code == 200
    assert page_client(kepahiang_officer).get(f"{reverse('business_list')}?q=1708").status_code == 200


@pytest.mark.django_db
def test_api_get_with_a_nik_is_refused_as_problem_json(kep, api_client, kepahiang_officer):
    client = api_client(kepahiang_officer)
    response = client.get(f"/api/v1/persons?nik={NIK}")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    assert "POST /api/v1/persons/search" in response.json()["detail"]
    # Not a NIK, still not allowed in the URL: the parameter is only there to say so.
    response = client.get("/api/v1/persons?nik=1708")
    assert response.status_code == 422
    assert "POST /api/v1/persons/search" in str(response.json()["errors"])


@pytest.mark.django_db
def test_api_search_by_post(kep, api_client, kepahiang_officer, kepahiang_viewer, jember_officer):
    def search(user, nik):
        response = api_client(user).post("/api/v1/persons/search", {"nik": nik}, content_type="application/json")
        assert response.status_code == 200, response.content
        assert response["Cache-Control"] == "no-store"
        return response.json()

    assert [p["id"] for p in search(kepahiang_officer, "1708.0145.0785.0001")] == [kep.person.pk]
    assert [p["nik"] for p in search(kepahiang_viewer, NIK)] == [MASKED_NIK]
    assert search(jember_officer, NIK) == []  # outside their regions: as if unknown
    assert AccessRecord.objects.filter(purpose="search", person_id=kep.person.pk).count() == 1  # the editor's only


@pytest.mark.django_db
def test_page_search_by_post(kep, kepahiang_officer, page_client):
    client = page_client(kepahiang_officer)
    assert client.get(reverse("person_nik_search")).status_code == 200
    response = client.post(reverse("person_nik_search"), {"nik": NIK})
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("person_detail", args=[kep.person.pk]) in html
    assert response["Cache-Control"] == "no-store"
    missing = client.post(reverse("person_nik_search"), {"nik": JEMBER_NIK}).content.decode()
    assert "No person you may see has this NIK." in missing
    bad = client.post(reverse("person_nik_search"), {"nik": "123"}).content.decode()
    assert "A NIK has 16 digits." in bad


@pytest.mark.django_db
def test_nik_taken_told_only_to_the_holders_region(
    kep, api_client, kepahiang_officer, jember_officer, jember_desa, kepahiang_desa
):
    def create(user, desa):
        return api_client(user).post(
            "/api/v1/persons", {"nik": NIK, "name": "Lain", "desa": desa}, content_type="application/json"
        )

    own = create(kepahiang_officer, kepahiang_desa)
    assert own.status_code == 422
    assert own.json()["errors"] == {"nik": ["Another person is already registered with this NIK."]}
    outsider = create(jember_officer, jember_desa)
    assert outsider.status_code == 422
    message = outsider.json()["errors"]["nik"][0]
    assert "registered" not in message
    assert "Kepahiang" not in message
    assert "17.08" not in message
    assert message.startswith("This NIK cannot be used here.")


def test_sixteen_digits_that_are_no_nik_pass():
    from sinergi.core.personal import is_nik_like

    assert is_nik_like(NIK)
    assert is_nik_like("1708.0145.0785.0001")
    assert not is_nik_like("1708012345678901")  # a NIK koperasi: digits 7-12 are no birth date
    assert not is_nik_like("17080145078500")


@pytest.mark.django_db
def test_cooperative_search_by_nik_koperasi_still_works(kepahiang_officer, page_client):
    assert page_client(kepahiang_officer).get(reverse("cooperative_list"), {"q": "1708012345678901"}).status_code == 200
