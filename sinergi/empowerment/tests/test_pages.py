"""The empowerment pages: potentials, candidates (households once, deciles only to the region's staff), drafting
with each choice's reason, moving households, confirming, the group's tabs, a visit with income and a business
started, conversion, enrollment, the figures, and the access log of every view of a household."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from django.urls import reverse

from sinergi.empowerment import selectors, services
from sinergi.empowerment.models import (
    DesaPotential,
    Group,
    GroupBecame,
    GroupMember,
    GroupStatus,
    IncomeBand,
    Sector,
    Visit,
)
from sinergi.empowerment.tests.factories import household
from sinergi.privacy.models import AccessRecord
from sinergi.programs.models import Enrollment
from sinergi.programs.tests.factories import past_aid, program
from sinergi.registry.models import Association, Business

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return html.unescape(response.content.decode())


def test_potentials_are_recorded_listed_and_edited(kepahiang_officer, pages, desa):
    client = pages(kepahiang_officer)
    data = {"desa": desa.code, "sector": Sector.FISHERIES, "rank": "1", "source": "survey", "note": "Pesisir timur"}
    response = client.post(reverse("empowerment_potential_create"), data)
    assert response.status_code == 302
    potential = DesaPotential.objects.get()
    assert (potential.desa_id, potential.sector, potential.source) == (desa.code, "perikanan", "survey")
    page = _text(client.get(reverse("empowerment_potential_list")))
    assert desa.name in page
    assert "fisheries" in page
    assert "officer's survey" in page
    edit = reverse("empowerment_potential_edit", args=[potential.pk])
    assert client.get(edit).status_code == 200
    changed = client.post(edit, {"rank": "2", "source": "profile", "note": "Pesisir barat", "sector": "pariwisata"})
    assert changed.status_code == 302
    potential.refresh_from_db()
    assert (potential.sector, potential.rank, potential.note) == ("perikanan", 2, "Pesisir barat")  # sector stays


def test_a_potential_outside_the_officers_region_is_refused(kepahiang_officer, jember_officer, pages, desa):
    jember = pages(jember_officer)
    response = jember.post(
        reverse("empowerment_potential_create"),
        {"desa": desa.code, "sector": "perikanan", "rank": "1", "source": "profile"},
    )
    assert response.status_code == 400
    assert "You may not change records in region" in _text(response)
    potential = services.potential_save(actor=kepahiang_officer, desa=desa, data={"sector": "pertanian"})
    assert jember.get(reverse("empowerment_potential_edit", args=[potential.pk])).status_code == 404
    bad = pages(kepahiang_officer).post(reverse("empowerment_potential_create"), {"desa": "17.08", "sector": "x"})
    assert bad.status_code == 400


def test_candidates_count_households_once_and_show_deciles_only_to_the_regions_staff(
    kepahiang_officer, jember_officer, kepahiang_viewer, pages, source, desa
):
    household(kepahiang_officer, source, desa.code, decile=1, persons=3, key="KK-TIGA")
    household(kepahiang_officer, source, desa.code, decile=2, persons=1, key="KK-SATU")
    household(kepahiang_officer, source, desa.code, decile=6, persons=1, key="KK-MAMPU")
    url = reverse("empowerment_candidates") + f"?region={desa.code}"
    page = pages(kepahiang_officer).get(url)
    assert page.status_code == 200
    text = _text(page)
    assert "2 candidate households" in text
    assert "4 persons of working age" in text
    assert 'data-household="KK-TIGA"' in text
    assert "KK-MAMPU" not in text
    assert text.index("KK-TIGA") < text.index("KK-SATU")  # the poorest first
    logged = AccessRecord.objects.filter(actor=kepahiang_officer)
    assert logged.count() == 4
    assert set(logged.values_list("fields", flat=True)) == {"household,decile"}
    other = _text(pages(jember_officer).get(url))
    assert "KK-TIGA" not in other
    assert "0 candidate households" in other
    assert not AccessRecord.objects.filter(actor=jember_officer).exists()
    assert pages(kepahiang_viewer).get(url).status_code == 200  # staff of the region read


def test_self_service_roles_never_open_the_pages(kepahiang_officer, drafted, client, regions):
    from sinergi.accounts.models import Role
    from sinergi.accounts.services import system_actor, user_create
    from sinergi.registry.models import Person

    someone = Person.objects.create(name="Pemilik", desa_id=drafted[0].desa_id)
    owner = user_create(
        actor=system_actor(), username="pemilik", password="x-rahasia-1", role=Role.OWNER, person_id=someone.pk
    )
    client.force_login(owner)
    member = drafted[0].members.first()
    assert member is not None
    for url in (
        reverse("empowerment_group_list"),
        reverse("empowerment_candidates"),
        reverse("empowerment_group_detail", args=[drafted[0].pk]),
        reverse("empowerment_household", args=[member.pk]),
        reverse("empowerment_figures"),
    ):
        assert client.get(url).status_code == 403, url


def test_drafting_a_desa_shows_each_choice_with_its_reason(kepahiang_officer, pages, source, desa):
    client = pages(kepahiang_officer)
    services.potential_save(actor=kepahiang_officer, desa=desa, data={"sector": "perikanan"})
    for _i in range(12):
        household(kepahiang_officer, source, desa.code, decile=1)
    response = client.post(reverse("empowerment_draft"), {"desa": desa.code, "sector": ""})
    assert response.status_code == 302
    assert response["Location"] == reverse("empowerment_drafts", args=[desa.code])
    page = _text(client.get(response["Location"]))
    assert f"decile 1, desa {desa.name}, sector fisheries from the desa profile" in page
    assert page.count('data-household="') == 12
    nothing = client.post(reverse("empowerment_draft"), {"desa": desa.code, "sector": "pariwisata"})
    assert nothing.status_code == 400
    assert "does not name this sector" in _text(nothing)


def test_households_are_moved_whole_and_a_group_confirmed(kepahiang_officer, pages, drafted):
    client = pages(kepahiang_officer)
    a, b = drafted
    pair = next(m for m in a.members.all() if a.members.filter(household=m.household).count() == 2)
    response = client.post(reverse("empowerment_member_move", args=[pair.pk]), {"to": b.pk})
    assert response.status_code == 302
    assert set(GroupMember.objects.filter(household=pair.household).values_list("group", flat=True)) == {b.pk}
    # Confirming without a leader is refused with the reason, the group stays a draft.
    refused = client.post(reverse("empowerment_group_confirm", args=[a.pk]), follow=True)
    assert "Name the group's leader" in _text(refused)
    leader = a.members.order_by("id")[0]
    assert client.post(reverse("empowerment_member_leader", args=[leader.pk])).status_code == 302
    done = client.post(reverse("empowerment_group_confirm", args=[a.pk]))
    assert done["Location"] == reverse("empowerment_group_detail", args=[a.pk])
    assert Group.objects.get(pk=a.pk).status == GroupStatus.ACTIVE
    # A household is taken out of the other draft: it is a candidate again.
    out = client.post(reverse("empowerment_member_remove", args=[b.members.order_by("id")[0].pk]))
    assert out.status_code == 302


def test_a_viewer_reads_the_draft_but_may_not_change_it(kepahiang_viewer, pages, drafted):
    client = pages(kepahiang_viewer)
    member = drafted[0].members.first()
    assert member is not None
    page = client.get(reverse("empowerment_drafts", args=[drafted[0].desa_id]))
    assert page.status_code == 200
    assert "Confirm the group" not in _text(page)
    assert client.post(reverse("empowerment_member_move", args=[member.pk]), {"to": drafted[1].pk}).status_code == 403
    assert client.post(reverse("empowerment_group_confirm", args=[drafted[0].pk])).status_code == 403


def test_the_group_page_has_its_tabs_and_logs_the_households_shown(kepahiang_officer, jember_officer, pages, active):
    client = pages(kepahiang_officer)
    url = reverse("empowerment_group_detail", args=[active.pk])
    for tab in ("members", "visits", "programs", "history"):
        assert client.get(url, {"tab": tab}).status_code == 200, tab
    persons = set(active.members.values_list("person_id", flat=True))
    assert set(AccessRecord.objects.values_list("person_id", flat=True)) == persons  # the members tab
    AccessRecord.objects.all().delete()
    member = active.members.order_by("id")[0]
    record = client.get(reverse("empowerment_household", args=[member.pk]))
    assert record.status_code == 200
    assert "P3KE 2024" in _text(record)
    assert set(AccessRecord.objects.values_list("person_id", flat=True)) == set(
        active.members.filter(household=member.household).values_list("person_id", flat=True)
    )
    assert set(AccessRecord.objects.values_list("path", flat=True)) == {
        reverse("empowerment_household", args=[member.pk])
    }
    assert pages(jember_officer).get(url).status_code == 404
    assert pages(jember_officer).get(reverse("empowerment_household", args=[member.pk])).status_code == 404


def test_a_visit_records_income_bands_and_a_business_started(kepahiang_officer, pages, active):
    client = pages(kepahiang_officer)
    url = reverse("empowerment_visit_create", args=[active.pk])
    homes = list(selectors.households_of(selectors.group_members(group=active)))  # the form's order
    first = active.members.filter(household=homes[0]).order_by("id")[0]
    business = Business.objects.create(name="Ikan Asap Mama Rin", owner=first.person, desa_id=first.person.desa_id)
    form = client.get(url)
    assert form.status_code == 200
    assert "Ikan Asap Mama Rin" in _text(form)
    assert _text(form).count('name="band_0"') == 1  # drawn once, in the households' table
    data = {
        "visited_on": "2024-06-01",
        "note": "Pencatatan kas",
        "band_0": IncomeBand.UNDER_1M,
        "business_0": business.pk,
    }
    response = client.post(url, data)
    assert response.status_code == 302, _text(response)[:2000]
    visit = Visit.objects.get(group=active)
    assert {r.household: r.band for r in visit.incomes.all()} == {homes[0]: IncomeBand.UNDER_1M}
    first.refresh_from_db()
    assert (first.business_id, first.business_started_on) == (business.pk, dt.date(2024, 6, 1))
    future = client.post(url, {"visited_on": "2999-01-01"})
    assert future.status_code == 400
    assert "cannot be in the future" in _text(future)


def test_a_group_becomes_an_association(kepahiang_officer, pages, active):
    client = pages(kepahiang_officer)
    response = client.post(reverse("empowerment_group_convert", args=[active.pk]), {"into": "association", "name": ""})
    assert response.status_code == 302
    active.refresh_from_db()
    assert active.became == GroupBecame.ASSOCIATION
    assert Association.objects.filter(pk=active.association_id, name=active.name).exists()
    again = client.post(reverse("empowerment_group_convert", args=[active.pk]), {"into": "pre_coop"})
    assert again.status_code == 400
    assert "already became" in _text(again)


def test_a_group_is_enrolled_in_a_program_one_person_per_household(kepahiang_officer, pages, active):
    client = pages(kepahiang_officer)
    p = program(kepahiang_officer, name="Pendampingan Nelayan", target="person", status="selection")
    aided = active.members.order_by("household", "id")[0]
    past_aid(kind=p.kind, year=p.fiscal_year - 1, person=aided.person)
    programs = client.get(reverse("empowerment_group_detail", args=[active.pk]), {"tab": "programs"})
    assert "Pendampingan Nelayan" in _text(programs)
    response = client.post(reverse("empowerment_group_enroll", args=[active.pk]), {"program": p.pk}, follow=True)
    text = _text(response)
    assert "14 households enrolled in Pendampingan Nelayan, 1 skipped." in text
    assert "already aided" in text
    assert Enrollment.objects.filter(program=p).count() == 14
    bad = client.post(reverse("empowerment_group_enroll", args=[active.pk]), {"program": ""})
    assert bad.status_code == 400


def test_dissolving_frees_the_households(kepahiang_officer, pages, active, desa):
    client = pages(kepahiang_officer)
    assert client.post(reverse("empowerment_group_dissolve", args=[active.pk]), {"reason": ""}).status_code == 400
    assert client.post(reverse("empowerment_group_dissolve", args=[active.pk]), {"reason": "Pindah"}).status_code == 302
    assert Group.objects.get(pk=active.pk).status == GroupStatus.DISSOLVED


def test_the_group_list_and_the_figures(kepahiang_officer, pages, active, desa):
    client = pages(kepahiang_officer)
    listed = _text(client.get(reverse("empowerment_group_list"), {"status": "active"}))
    assert active.name in listed
    assert f'data-group="{active.pk}"' in listed
    figures = client.get(reverse("empowerment_figures"))
    assert figures.status_code == 200
    text = _text(figures)
    assert "12 of 12 decile-1 households on the newest P3KE list are in an active group" in text
    assert desa.name in text
    assert "fisheries" in text


def test_the_office_settings_page_sets_the_empowerment_rules(kepahiang_officer, pages, source, desa):
    from sinergi.accounts.selectors import office_settings_for

    client = pages(kepahiang_officer)
    url = reverse("accounts:office-settings") + "?region=17.08"
    page = _text(client.get(url))
    assert 'name="empowerment_max_decile"' in page
    assert 'value="25"' in page
    data = {
        "region": "17.08",
        "health_rule_set": office_settings_for("17.08").health_rule_set,
        "empowerment_max_decile": "3",
        "empowerment_group_min": "5",
        "empowerment_group_max": "12",
    }
    assert client.post(url, data).status_code == 302
    saved = office_settings_for("17.08")
    assert (saved.empowerment_max_decile, saved.empowerment_group_min, saved.empowerment_group_max) == (3, 5, 12)
    household(kepahiang_officer, source, desa.code, decile=3)
    assert selectors.candidate_count(user=kepahiang_officer, region_code=desa.code)["households"] == 1
    wrong = client.post(url, {**data, "empowerment_group_min": "20"})
    assert wrong.status_code == 400
    assert "at least the fewest" in _text(wrong)
