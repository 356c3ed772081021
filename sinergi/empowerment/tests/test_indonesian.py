"""Every empowerment page reads in Bahasa Indonesia on the Maluku Tenggara demo: no English word of the interface,
no enum code, no Python value (the checks of tests/browser/test_every_page.py, on the server's HTML)."""

from __future__ import annotations

import html
import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from sinergi.accounts.models import Role
from sinergi.accounts.services import system_actor, user_create
from sinergi.empowerment.models import Group, GroupMember
from tests.browser.test_every_page import _check_text

pytestmark = pytest.mark.django_db


def _visible(body: str) -> str:
    main = re.search(r"<main.*?</main>", body, re.S)
    text = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", main.group(0) if main else body, flags=re.S)
    text = re.sub(r"<option[^>]*>", "\n", text)
    return html.unescape(re.sub(r"<[^>]+>", " ", text))


def test_the_pages_are_indonesian(regions):
    call_command("empowerment_demo_seed")
    officer = user_create(
        actor=system_actor(), username="malra", password="x-rahasia-1", role=Role.KABUPATEN, region_codes=["81.02"]
    )
    client = Client()
    client.cookies["django_language"] = "id"
    client.force_login(officer)
    group = Group.objects.order_by("id").first()
    assert group is not None
    member = GroupMember.objects.filter(group=group).first()
    assert member is not None
    # The demo was drafted in the tests' English: the groups' names and reasons are data, written in that language.
    data = [*GroupMember.objects.values_list("reason", flat=True), *Group.objects.values_list("name", flat=True)]
    data_words = {w.lower() for w in re.findall(r"[A-Za-z]+", " ".join(data))}
    urls = [
        reverse("empowerment_group_list"),
        reverse("empowerment_candidates") + "?region=81.02",
        reverse("empowerment_potential_list"),
        reverse("empowerment_potential_create"),
        reverse("empowerment_potential_import"),
        reverse("empowerment_draft"),
        reverse("empowerment_drafts", args=[group.desa_id]),
        reverse("empowerment_figures"),
        reverse("empowerment_household", args=[member.pk]),
        reverse("empowerment_visit_create", args=[group.pk]),
        reverse("empowerment_group_convert", args=[group.pk]),
        reverse("empowerment_group_dissolve", args=[group.pk]),
        *(
            reverse("empowerment_group_detail", args=[group.pk]) + f"?tab={t}"
            for t in ("members", "visits", "programs", "history")
        ),
    ]
    problems = {}
    for url in urls:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="id")
        assert response.status_code == 200, url
        found = _check_text(url, _visible(response.content.decode()), data_words)
        if found:
            problems[url] = found
    assert problems == {}
