"""The pages of the offices' working-day deadlines per category (the list, set and change), held to the generic
contract, and a rule set on the page changes the deadlines of aspirations recorded after it."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from sinergi.aspirations import services
from sinergi.aspirations.models import Category, DeadlineRule
from sinergi.aspirations.tests.factories import aspiration
from sinergi.core.testing import CreateContract, EditContract
from sinergi.regions.models import Region

NUMBERS = {"verify_days": 2, "plan_days": 8, "close_days": 10, "reopen_days": 12}


class TestDeadlineRulePages(CreateContract, EditContract):
    list_url = "aspiration_deadline_list"
    create_url = "aspiration_deadline_create"
    edit_url = "aspiration_deadline_edit"
    reader = "kepahiang_viewer"

    def make(self, request: pytest.FixtureRequest, *, index: int = 0) -> Any:
        return services.deadline_rule_set(
            actor=request.getfixturevalue("kepahiang_officer"),
            office=Region.objects.get(pk="17.08"),
            category=Category.values[index],
            data=NUMBERS,
        )

    def shown_as(self, obj: Any) -> str:
        return reverse("aspiration_deadline_edit", args=[obj.pk])

    def create_data(self, request: pytest.FixtureRequest) -> dict[str, Any]:
        return {"office": "17.08", "category": "legality", **NUMBERS}

    def bad_data(self, request: pytest.FixtureRequest) -> dict[str, Any]:
        return {"office": "17.08", "category": "legality", **NUMBERS, "plan_days": 1}

    def created(self, request: pytest.FixtureRequest, data: dict[str, Any]) -> bool:
        return DeadlineRule.objects.filter(office_id="17.08", category="legality", plan_days=8).exists()

    def edit_data(self, request: pytest.FixtureRequest, obj: Any) -> dict[str, Any]:
        # The office and category sent are ignored: an existing rule changes only its days.
        return {"office": "35.09", "category": "other", **NUMBERS, "reopen_days": 20}

    def edited(self, obj: Any) -> bool:
        obj.refresh_from_db()
        return obj.reopen_days == 20 and obj.office_id == "17.08" and obj.category == Category.values[0]


@pytest.mark.django_db
def test_a_rule_set_on_the_page_moves_the_deadlines_of_new_aspirations(client, jember_officer):
    before = aspiration(jember_officer, category="capital")
    client.force_login(jember_officer)
    page = client.get(reverse("aspiration_deadline_list"))
    assert page.status_code == 200
    assert "SP4N-LAPOR!" in page.content.decode()
    response = client.post(
        reverse("aspiration_deadline_create"), {"office": "35.09", "category": "capital", **NUMBERS, "plan_days": 15}
    )
    assert response.status_code == 302
    after = aspiration(jember_officer, category="capital")
    assert (after.plan_due - before.plan_due).days >= 14  # 10 more working days
    listed = client.get(reverse("aspiration_deadline_list")).content.decode()
    assert "Capital" in listed  # the category's label (tests run in English)


@pytest.mark.django_db
def test_another_regions_office_is_refused_on_the_form(client, kepahiang_officer):
    client.force_login(kepahiang_officer)
    response = client.post(reverse("aspiration_deadline_create"), {"office": "35.09", "category": "capital", **NUMBERS})
    assert response.status_code == 400
    assert not DeadlineRule.objects.filter(office_id="35.09").exists()
