"""Registry pages through the Django test client: rendering, region scope (404), read-only (403),
field errors from the services, history, exports and the query budget of the list."""

import csv
import io
from datetime import timedelta
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from sinergi.core.models import ChangeLog
from sinergi.registry import services
from sinergi.registry.models import Business, BusinessYear, LegalDocument, Person
from sinergi.registry.tests.conftest import KEPAHIANG_NIK, login

# --- access -------------------------------------------------------------------------------------------


def test_pages_require_login(client, kepahiang_business):
    for url in (reverse("home"), reverse("business_list"), reverse("business_detail", args=[kepahiang_business.pk])):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_every_page_renders_for_the_officer(officer_client, kepahiang_business):
    doc = LegalDocument.objects.get(business=kepahiang_business)
    urls = [
        reverse("home"),
        reverse("business_list"),
        reverse("business_create"),
        reverse("business_edit", args=[kepahiang_business.pk]),
        reverse("document_create", args=[kepahiang_business.pk]),
        reverse("document_edit", args=[doc.pk]),
        reverse("document_delete", args=[doc.pk]),
        reverse("year_create", args=[kepahiang_business.pk]),
        reverse("person_detail", args=[kepahiang_business.owner_id]),
        reverse("person_edit", args=[kepahiang_business.owner_id]),
        reverse("association_list"),
        reverse("region_picker"),
    ]
    urls += [
        reverse("business_detail", args=[kepahiang_business.pk]) + f"?tab={tab}"
        for tab in ("data", "owner", "years", "documents", "associations", "history")
    ]
    for url in urls:
        response = officer_client.get(url)
        assert response.status_code == 200, url


def test_dashboard_counts_only_the_users_region(officer_client, kepahiang_business, jember_business):
    response = officer_client.get(reverse("home"))
    counts = response.context["counts"]
    assert counts.total == 1
    assert counts.formal == 1
    assert [code for code, _name, _n in counts.by_region] == ["17.08"]
    assert "Kepahiang" in response.content.decode()


def test_other_kabupaten_gets_404_not_403(client, jember_officer, kepahiang_business):
    login(client, jember_officer)
    doc = LegalDocument.objects.get(business=kepahiang_business)
    for url in (
        reverse("business_detail", args=[kepahiang_business.pk]),
        reverse("business_detail", args=[kepahiang_business.pk]) + "?tab=history",
        reverse("business_edit", args=[kepahiang_business.pk]),
        reverse("document_edit", args=[doc.pk]),
        reverse("year_create", args=[kepahiang_business.pk]),
        reverse("person_detail", args=[kepahiang_business.owner_id]),
    ):
        assert client.get(url).status_code == 404, url
    response = client.post(reverse("business_edit", args=[kepahiang_business.pk]), {"name": "Dicuri"})
    assert response.status_code == 404
    kepahiang_business.refresh_from_db()
    assert kepahiang_business.name == "Kopi Bubuk Kaba"


def test_other_kabupaten_sees_none_in_the_list(client, jember_officer, kepahiang_business, jember_business):
    login(client, jember_officer)
    response = client.get(reverse("business_list"))
    names = [b.name for b in response.context["page"].object_list]
    assert names == ["Batik Tembakau Jember"]
    assert "Kopi Bubuk Kaba" not in response.content.decode()
    # Even asking for the other region by code gives nothing.
    response = client.get(reverse("business_list"), {"region_code": "17.08"})
    assert list(response.context["page"].object_list) == []


def test_viewer_sees_no_edit_buttons_and_cannot_post(client, kepahiang_viewer, kepahiang_business):
    login(client, kepahiang_viewer)
    detail = client.get(reverse("business_detail", args=[kepahiang_business.pk]) + "?tab=documents")
    assert detail.status_code == 200
    html = detail.content.decode()
    assert reverse("business_edit", args=[kepahiang_business.pk]) not in html
    assert reverse("document_create", args=[kepahiang_business.pk]) not in html
    assert reverse("business_create") not in client.get(reverse("business_list")).content.decode()
    doc = LegalDocument.objects.get(business=kepahiang_business)
    posts = [
        (reverse("business_create"), {"name": "X"}),
        (reverse("business_edit", args=[kepahiang_business.pk]), {"name": "Diubah"}),
        (reverse("document_create", args=[kepahiang_business.pk]), {"kind": "halal", "number": "ID1"}),
        (reverse("document_delete", args=[doc.pk]), {}),
        (reverse("year_create", args=[kepahiang_business.pk]), {"year": "2024", "annual_sales": "1.000"}),
        (reverse("person_edit", args=[kepahiang_business.owner_id]), {"name": "Diubah"}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 403, url
    kepahiang_business.refresh_from_db()
    assert kepahiang_business.name == "Kopi Bubuk Kaba"
    assert LegalDocument.objects.filter(pk=doc.pk).exists()


def test_province_officer_sees_kabupaten_business(client, bengkulu_officer, kepahiang_business):
    login(client, bengkulu_officer)
    assert client.get(reverse("business_detail", args=[kepahiang_business.pk])).status_code == 200


# --- create and edit ----------------------------------------------------------------------------------


def _create_data(desa: str, **extra) -> dict[str, str]:
    return {
        "name": "Keripik Pisang Ujan Mas",
        "desa": desa,
        "address": "Desa Ujan Mas",
        "kbli": "10794",
        "owner_name": "Budi Santoso",
        "owner_nik": "1708010507850002",
        "owner_sex": "L",
        "owner_phone": "0812-3456-7890",
        **extra,
    }


def test_create_with_new_owner(officer_client, kepahiang_desa, clusters):
    response = officer_client.post(reverse("business_create"), _create_data(kepahiang_desa))
    business = Business.objects.get(name="Keripik Pisang Ujan Mas")
    assert response.status_code == 302
    assert response["Location"] == reverse("business_detail", args=[business.pk])
    assert business.owner is not None
    assert business.owner.nik == "1708010507850002"
    assert business.owner.phone == "+6281234567890"
    assert business.owner.desa_id == kepahiang_desa


def test_create_with_bad_nik_shows_the_field_message_and_creates_nothing(officer_client, kepahiang_desa, clusters):
    before = (Person.objects.count(), Business.objects.count(), ChangeLog.objects.count())
    response = officer_client.post(reverse("business_create"), _create_data(kepahiang_desa, owner_nik="12345"))
    assert response.status_code == 400  # refused input: the form comes back with a 400 (generic FormPage)
    form = response.context["form"]
    assert form.errors["owner_nik"] == ["A NIK has 16 digits; this one has 5."]
    assert "A NIK has 16 digits; this one has 5." in response.content.decode()
    assert (Person.objects.count(), Business.objects.count(), ChangeLog.objects.count()) == before


def test_create_with_bad_nik_and_no_village_reports_both(officer_client, clusters):
    # The owner's error on the shared village field must not take the village away from the business.
    response = officer_client.post(
        reverse("business_create"), {"name": "Keripik Pisang", "owner_name": "Budi", "owner_nik": "17080132089500O1"}
    )
    assert response.status_code == 400  # refused input: the form comes back with a 400 (generic FormPage)
    errors = response.context["form"].errors
    assert "digits only" in errors["owner_nik"][0]
    assert "desa" in errors
    assert not Business.objects.filter(name="Keripik Pisang").exists()


def test_create_rolls_back_the_owner_when_the_business_is_invalid(officer_client, kepahiang_desa, clusters):
    response = officer_client.post(reverse("business_create"), _create_data(kepahiang_desa, name="", kbli="12"))
    assert response.status_code == 400  # refused input: the form comes back with a 400 (generic FormPage)
    errors = response.context["form"].errors
    assert "name" in errors
    assert "kbli" in errors
    assert not Person.objects.filter(nik="1708010507850002").exists()


def test_create_reports_a_village_outside_the_region_on_the_field(officer_client, jember_desa, clusters):
    response = officer_client.post(
        reverse("business_create"), _create_data(jember_desa, owner_nik="", owner_name="", owner_phone="")
    )
    assert response.status_code == 400  # refused input: the form comes back with a 400 (generic FormPage)
    assert "35.09" in " ".join(response.context["form"].errors["desa"])
    assert not Business.objects.filter(name="Keripik Pisang Ujan Mas").exists()


def test_create_with_existing_owner_by_nik(officer_client, kepahiang_business, kepahiang_desa):
    data = {"name": "Warung Kopi Siti", "desa": kepahiang_desa, "owner_existing_nik": KEPAHIANG_NIK}
    response = officer_client.post(reverse("business_create"), data)
    assert response.status_code == 302
    assert Business.objects.get(name="Warung Kopi Siti").owner_id == kepahiang_business.owner_id


def test_create_uses_the_village_select_without_javascript(officer_client, kepahiang_desa, clusters):
    data = _create_data("", pick_4=kepahiang_desa)
    assert officer_client.post(reverse("business_create"), data).status_code == 302
    assert Business.objects.get(name="Keripik Pisang Ujan Mas").desa_id == kepahiang_desa


def test_edit_shows_in_history(officer_client, kepahiang_business, kepahiang_desa):
    url = reverse("business_edit", args=[kepahiang_business.pk])
    form = officer_client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data["name"] = "Kopi Bubuk Kaba Asli"
    response = officer_client.post(url, data)
    assert response.status_code == 302
    history = officer_client.get(reverse("business_detail", args=[kepahiang_business.pk]) + "?tab=history")
    html = history.content.decode()
    assert "Kopi Bubuk Kaba Asli" in html
    rows = history.context["history"]
    update = next(r for r in rows if r.entry.action == "update")
    assert [(c.label, c.before, c.after) for c in update.changes] == [
        ("Business name", "Kopi Bubuk Kaba", "Kopi Bubuk Kaba Asli")
    ]
    assert "Business name changed from Kopi Bubuk Kaba to Kopi Bubuk Kaba Asli." in html
    assert update.entry.actor.username == "kepahiang"


def test_edit_shows_service_errors_on_fields(officer_client, kepahiang_business, kepahiang_desa):
    url = reverse("business_edit", args=[kepahiang_business.pk])
    response = officer_client.post(url, {"name": "Kopi", "desa": "17.08", "latitude": "40"})
    assert response.status_code == 400  # refused input: the form comes back with a 400 (generic FormPage)
    errors = response.context["form"].errors
    assert "desa" in errors  # a kabupaten, not a village
    assert "latitude" in errors


def test_region_picker_offers_only_the_users_regions(officer_client, kepahiang_desa):
    response = officer_client.get(reverse("region_picker"))
    levels = response.context["picker"]["levels"]
    # Province and kabupaten have one option each for a Kepahiang officer, so they are chosen already.
    assert [lv.selected for lv in levels[:2]] == ["17", "17.08"]
    assert all(r.code.startswith("17.08.") for r in levels[2].options)
    kecamatan = kepahiang_desa.rsplit(".", 1)[0]
    response = officer_client.get(reverse("region_picker"), {"pick_3": kecamatan, "pick_4": kepahiang_desa})
    assert response.context["picker"]["desa_code"] == kepahiang_desa
    assert f'value="{kepahiang_desa}"' in response.content.decode()


# --- documents and yearly figures ---------------------------------------------------------------------


def test_documents_add_edit_delete_with_flags(officer_client, kepahiang_business):
    soon = timezone.localdate() + timedelta(days=30)
    url = reverse("document_create", args=[kepahiang_business.pk])
    response = officer_client.post(url, {"kind": "halal", "number": "ID131100001", "expires_on": soon.isoformat()})
    assert response.status_code == 302
    kepahiang_business.refresh_from_db()
    assert kepahiang_business.has_halal
    docs = officer_client.get(reverse("business_detail", args=[kepahiang_business.pk]) + "?tab=documents")
    assert "expiring soon" in docs.content.decode()

    halal = LegalDocument.objects.get(kind="halal")
    past = timezone.localdate() - timedelta(days=1)
    response = officer_client.post(
        reverse("document_edit", args=[halal.pk]),
        {"kind": "halal", "number": "ID131100001", "issued_on": "2020-01-01", "expires_on": past.isoformat()},
    )
    assert response.status_code == 302
    docs = officer_client.get(reverse("business_detail", args=[kepahiang_business.pk]) + "?tab=documents")
    assert "expired" in docs.content.decode()

    assert officer_client.post(reverse("document_delete", args=[halal.pk])).status_code == 302
    kepahiang_business.refresh_from_db()
    assert not kepahiang_business.has_halal
    history = officer_client.get(reverse("business_detail", args=[kepahiang_business.pk]) + "?tab=history")
    assert "ID131100001" in history.content.decode()


def test_document_bad_nib_shows_field_error(officer_client, kepahiang_business):
    response = officer_client.post(
        reverse("document_create", args=[kepahiang_business.pk]), {"kind": "nib", "number": "12345"}
    )
    assert response.status_code == 400
    assert "13 digits" in response.context["form"].errors["number"][0]


def test_yearly_figures_accept_indonesian_numbers(officer_client, kepahiang_business):
    url = reverse("year_create", args=[kepahiang_business.pk])
    response = officer_client.post(
        url, {"year": "2024", "modal_usaha": "Rp 250.000.000", "annual_sales": "1.250.000.000,00"}
    )
    assert response.status_code == 302
    row = BusinessYear.objects.get(business=kepahiang_business, year=2024)
    assert row.annual_sales == Decimal("1250000000.00")
    assert row.scale == "mikro"
    page = officer_client.get(reverse("business_detail", args=[kepahiang_business.pk]) + "?tab=years")
    html = page.content.decode()
    assert "Rp 1.250.000.000" in html
    assert "PP 7/2021" in html


def test_yearly_figures_refuse_ambiguous_numbers(officer_client, kepahiang_business):
    url = reverse("year_create", args=[kepahiang_business.pk])
    response = officer_client.post(url, {"year": "2024", "annual_sales": "1,500"})
    assert response.status_code == 400
    assert "ambiguous" in response.context["form"].errors["annual_sales"][0]
    response = officer_client.post(url, {"year": "2024"})
    assert "annual_sales" in response.context["form"].errors  # the service: capital, sales or both
    assert not BusinessYear.objects.exists()


# --- person -------------------------------------------------------------------------------------------


def test_person_edit_with_nik_disagreeing_birth_date(officer_client, kepahiang_business):
    person = kepahiang_business.owner
    url = reverse("person_edit", args=[person.pk])
    data = {"name": person.name, "nik": KEPAHIANG_NIK, "birth_date": "1990-01-01", "desa": person.desa_id}
    response = officer_client.post(url, data)
    assert response.status_code == 400
    assert "05-07-1985" in response.context["form"].errors["birth_date"][0]
    data["birth_date"] = "1985-07-05"
    data["phone"] = "081234567890"
    assert officer_client.post(url, data).status_code == 302
    person.refresh_from_db()
    assert person.phone == "+6281234567890"


# --- list, search, query budget -----------------------------------------------------------------------


def test_list_search_and_filters(officer_client, kepahiang_business, kepahiang_officer, kepahiang_desa):
    services.business_create(actor=kepahiang_officer, data={"name": "Tenun Rejang", "desa_id": kepahiang_desa})
    list_url = reverse("business_list")

    def names(params):
        return [b.name for b in officer_client.get(list_url, params).context["page"].object_list]

    assert names({}) == ["Kopi Bubuk Kaba", "Tenun Rejang"]
    assert names({"q": "siti"}) == ["Kopi Bubuk Kaba"]  # owner name
    assert names({"q": "raya kepahiang"}) == ["Kopi Bubuk Kaba"]  # address
    assert names({"has_nib": "0"}) == ["Tenun Rejang"]
    assert names({"cluster": "kopi"}) == ["Kopi Bubuk Kaba"]
    assert names({"region": "17.08"}) == ["Kopi Bubuk Kaba", "Tenun Rejang"]
    assert names({"region_code": kepahiang_desa.replace(".", "")}) == ["Kopi Bubuk Kaba", "Tenun Rejang"]
    response = officer_client.get(list_url, {"region_code": "17.0"})
    assert "region_code" in response.context["form"].errors


def test_list_htmx_returns_only_the_results(officer_client, kepahiang_business):
    response = officer_client.get(reverse("business_list"), {"q": "kopi"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "Kopi Bubuk Kaba" in html
    assert "<html" not in html
    assert "HX-Request" in response["Vary"]
    restore = officer_client.get(
        reverse("business_list"), {"q": "kopi"}, HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true"
    )
    assert "<html" in restore.content.decode()


def test_list_paginates_with_a_fixed_query_budget(
    officer_client, kepahiang_officer, kepahiang_desa, clusters, django_assert_max_num_queries
):
    for i in range(30):
        owner = services.person_create(
            actor=kepahiang_officer, data={"name": f"Pemilik {i}", "desa_id": kepahiang_desa}
        )
        services.business_create(
            actor=kepahiang_officer,
            data={
                "name": f"Usaha {i:02d}",
                "owner_id": owner.pk,
                "desa_id": kepahiang_desa,
                "cluster_id": clusters["kopi"].pk,
            },
        )
    # Session, user, user regions (twice: filter menu and scope), clusters, count, page, the top bar's count of
    # unread notifications: 9, however many rows.
    with django_assert_max_num_queries(9):
        response = officer_client.get(reverse("business_list"))
    assert len(response.context["page"].object_list) == 25
    html = response.content.decode()
    assert "Pemilik 24" in html
    second = officer_client.get(reverse("business_list"), {"page": "2"})
    assert len(second.context["page"].object_list) == 5


# --- exports ------------------------------------------------------------------------------------------


def _csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_csv_export_respects_filter_and_scope(
    client, kepahiang_officer, jember_officer, kepahiang_business, jember_business, kepahiang_desa
):
    services.business_create(actor=kepahiang_officer, data={"name": "=HYPERLINK(1)", "desa_id": kepahiang_desa})
    login(client, kepahiang_officer)
    rows = _csv_rows(client.get(reverse("business_export_csv")))
    assert [r[0] for r in rows[1:]] == ["'=HYPERLINK(1)", "Kopi Bubuk Kaba"]  # formula neutralised
    rows = _csv_rows(client.get(reverse("business_export_csv"), {"has_nib": "1"}))
    assert [r[0] for r in rows[1:]] == ["Kopi Bubuk Kaba"]
    assert rows[1][1] == "Siti Rahmawati"

    client.logout()
    login(client, jember_officer)
    rows = _csv_rows(client.get(reverse("business_export_csv")))
    assert [r[0] for r in rows[1:]] == ["Batik Tembakau Jember"]


def test_xlsx_export_shows_names_and_labels_never_a_database_id(client, kepahiang_officer, kepahiang_business):
    Business.objects.filter(pk=kepahiang_business.pk).update(scale="mikro")
    login(client, kepahiang_officer)
    response = client.get(reverse("business_export_xlsx"))
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True).active.values)
    header, row = rows[0], dict(zip(rows[0], rows[1], strict=True))
    assert "Number" not in header
    ids = {kepahiang_business.pk, kepahiang_business.owner_id, kepahiang_business.cluster_id}
    assert not [v for v in row.values() if v in ids or str(v) in {str(i) for i in ids}], row
    assert row["Owner"] == "Siti Rahmawati"
    assert row["Scale"] == "Micro (mikro)"  # the label, not the code "mikro"
    assert row["Has NIB"] in ("yes", "no")


def test_xlsx_export_respects_filter_and_scope(client, jember_officer, kepahiang_business, jember_business):
    login(client, jember_officer)
    response = client.get(reverse("business_export_xlsx"), {"q": "batik"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0][0] == "Business name"
    assert [r[0] for r in rows[1:]] == ["Batik Tembakau Jember"]
    assert rows[1][6] == "Batik"
    response = client.get(reverse("business_export_xlsx"), {"q": "kopi"})
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    assert len(list(workbook.active.iter_rows(values_only=True))) == 1  # the header only


def test_export_over_the_cap_is_refused_with_a_message(officer_client, kepahiang_business, settings):
    settings.SINERGI_EXPORT_MAX_ROWS = 0
    response = officer_client.get(reverse("business_export_csv"), {"q": "kopi"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("business_list") + "?q=kopi"
    assert "an export holds at most 0" in response.content.decode()


def test_the_business_form_edits_the_founding_date(officer_client, kepahiang_business):
    url = reverse("business_edit", args=[kepahiang_business.pk])
    assert 'name="founded_on"' in officer_client.get(url).content.decode()
    data = {
        "name": kepahiang_business.name,
        "desa": kepahiang_business.desa_id,
        "founded_on": "1996-09-14",
    }  # as <input type="date"> sends it
    response = officer_client.post(url, data)
    assert response.status_code == 302, response.content.decode()
    kepahiang_business.refresh_from_db()
    assert str(kepahiang_business.founded_on) == "1996-09-14"
