"""Association pages: board and members added and removed through the page, scope and history."""

import pytest
from django.urls import reverse

from sinergi.registry import services
from sinergi.registry.models import Association, AssociationMembership, BoardMember
from sinergi.registry.tests.conftest import KEPAHIANG_NIK


@pytest.fixture
def mms(kepahiang_officer) -> Association:
    """Asosiasi UMKM Maju Mandiri Sejahtera, Kepahiang (DOMAIN.md seed figures)."""
    return services.association_create(
        actor=kepahiang_officer,
        data={
            "name": "Asosiasi UMKM Maju Mandiri Sejahtera",
            "region_id": "17.08",
            "term_start": "2023-10-26",
            "term_end": "2028-10-25",
        },
    )


def test_list_and_detail_render(client, kepahiang_officer, mms):
    client.force_login(kepahiang_officer)
    assert "Maju Mandiri Sejahtera" in client.get(reverse("association_list")).content.decode()
    for tab in ("board", "members", "history"):
        response = client.get(reverse("association_detail", args=[mms.pk]), {"tab": tab})
        assert response.status_code == 200, tab


def test_other_kabupaten_gets_404(client, jember_officer, mms):
    client.force_login(jember_officer)
    assert "Maju Mandiri" not in client.get(reverse("association_list")).content.decode()
    assert client.get(reverse("association_detail", args=[mms.pk])).status_code == 404
    assert client.post(reverse("board_add", args=[mms.pk]), {"person_nik": KEPAHIANG_NIK}).status_code == 404


def test_board_add_and_remove(client, kepahiang_officer, mms, kepahiang_business):
    client.force_login(kepahiang_officer)
    url = reverse("board_add", args=[mms.pk])
    response = client.post(url, {"person_nik": "1708010101900001", "role": "Ketua"})
    assert response.status_code == 400
    assert "No person you may see" in response.context["board_form"].errors["person_nik"][0]
    response = client.post(url, {"person_nik": KEPAHIANG_NIK, "role": ""})
    assert "role" in response.context["board_form"].errors
    assert client.post(url, {"person_nik": KEPAHIANG_NIK, "role": "Ketua"}).status_code == 302
    seat = BoardMember.objects.get(association=mms)
    assert seat.person_id == kepahiang_business.owner_id
    assert str(seat.term_start) == "2023-10-26"  # the association's term by default
    page = client.get(reverse("association_detail", args=[mms.pk])).content.decode()
    assert "Siti Rahmawati" in page
    assert client.post(reverse("board_remove", args=[mms.pk, seat.pk])).status_code == 302
    assert not BoardMember.objects.exists()
    history = client.get(reverse("association_detail", args=[mms.pk]), {"tab": "history"})
    actions = [row.entry.action for row in history.context["history"]]
    assert actions.count("delete") == 1  # the removed seat stays in the history
    assert "Ketua" in history.content.decode()


def test_member_add_and_remove(client, kepahiang_officer, mms, kepahiang_business, jember_business):
    client.force_login(kepahiang_officer)
    url = reverse("member_add", args=[mms.pk])
    response = client.post(url, {"business": jember_business.pk})
    assert "No business you may see" in response.context["member_form"].errors["business"][0]
    assert client.post(url, {"business": kepahiang_business.pk}).status_code == 302
    response = client.post(url, {"business": kepahiang_business.pk})
    assert "already a member" in response.context["member_form"].errors["business"][0]
    detail = client.get(reverse("business_detail", args=[kepahiang_business.pk]), {"tab": "associations"})
    assert "Maju Mandiri Sejahtera" in detail.content.decode()
    membership = AssociationMembership.objects.get()
    assert client.post(reverse("member_remove", args=[mms.pk, membership.pk])).status_code == 302
    assert not AssociationMembership.objects.exists()


def test_viewer_sees_no_forms_and_cannot_post(client, kepahiang_viewer, kepahiang_officer, mms, kepahiang_business):
    seat = services.association_board_add(
        actor=kepahiang_officer, association=mms, person=kepahiang_business.owner, role="Ketua"
    )
    client.force_login(kepahiang_viewer)
    html = client.get(reverse("association_detail", args=[mms.pk])).content.decode()
    assert reverse("board_add", args=[mms.pk]) not in html
    assert reverse("board_remove", args=[mms.pk, seat.pk]) not in html
    assert client.post(reverse("board_add", args=[mms.pk]), {"person_nik": KEPAHIANG_NIK}).status_code == 403
    assert client.post(reverse("board_remove", args=[mms.pk, seat.pk])).status_code == 403
    assert client.post(reverse("member_add", args=[mms.pk]), {"business": kepahiang_business.pk}).status_code == 403
    assert BoardMember.objects.filter(pk=seat.pk).exists()
