"""Bad input on any page form is answered with a message, never a server error."""

from __future__ import annotations

import itertools

import pytest
from django.test import Client
from django.urls import reverse

from sinergi.registry import services
from sinergi.registry.models import LegalDocument

GARBAGE = ["", " ", "x" * 5000, "'; DROP TABLE registry_business; --", "1.250.000,00", "-1", "99.99.99.9999", "\u0000"]
FIELDS = [
    "name", "desa", "address", "kbli", "cluster", "workforce", "latitude", "longitude", "owner_existing_nik",
    "owner_name", "owner_nik", "owner_sex", "owner_birth_date", "owner_phone", "kind", "number", "issued_on",
    "expires_on", "year", "modal_usaha", "annual_sales", "nik", "sex", "birth_date", "phone", "role",
    "person_nik", "business", "term_start", "term_end", "joined_on",
]  # fmt: skip


@pytest.fixture
def urls(kepahiang_business, kepahiang_officer):
    association = services.association_create(
        actor=kepahiang_officer, data={"name": "Asosiasi Uji", "region_id": "17.08"}
    )
    doc = LegalDocument.objects.get(business=kepahiang_business)
    pk = kepahiang_business.pk
    return [
        reverse("business_create"),
        reverse("business_edit", args=[pk]),
        reverse("document_create", args=[pk]),
        reverse("year_create", args=[pk]),
        reverse("document_edit", args=[doc.pk]),
        reverse("person_edit", args=[kepahiang_business.owner_id]),
        reverse("board_add", args=[association.pk]),
        reverse("member_add", args=[association.pk]),
    ]


def test_garbage_in_every_field_of_every_form_is_never_a_500(urls, kepahiang_officer):
    client = Client(raise_request_exception=False)
    client.force_login(kepahiang_officer)
    for url, value in itertools.product(urls, GARBAGE):
        response = client.post(url, dict.fromkeys(FIELDS, value))
        assert response.status_code < 500, (url, value[:20], response.status_code)


def test_odd_query_strings_on_lists_and_exports(kepahiang_business, kepahiang_officer):
    client = Client(raise_request_exception=False)
    client.force_login(kepahiang_officer)
    odd = ["region=17.0", "region=abc", "scale=raksasa", "cluster=%00", "has_nib=maybe", "page=-3", "page=999999",
           "q=%25%25%25", "q=" + "a" * 3000, "expiring=2"]  # fmt: skip
    for name, query in itertools.product(["business_list", "business_export_csv", "business_export_xlsx"], odd):
        response = client.get(f"{reverse(name)}?{query}")
        assert response.status_code < 500, (name, query[:30], response.status_code)
