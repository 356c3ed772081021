"""Matching: a need's businesses ranked by fixed points, each component told in words, what is missing said; the
other direction agrees; a fixed number of queries whatever the rows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sinergi.market.tests.conftest import product_make
from sinergi.partnerships import selectors as sel
from sinergi.partnerships.matching import POINTS
from sinergi.partnerships.tests.factories import business, need, partner
from sinergi.registry import services as registry
from sinergi.registry.models import LegalDocument

pytestmark = pytest.mark.django_db


@pytest.fixture
def uni(kepahiang_officer):
    return partner(kepahiang_officer)


def test_a_business_missing_halal_ranks_below_one_with_it_and_the_reason_says_so(
    kepahiang_officer, kepahiang_desa, clusters, uni
):
    kuliner = clusters["kuliner"]
    # Named so that name order alone would put the one without halal first.
    without = business(kepahiang_officer, kepahiang_desa, kuliner, "Abon Kaba", documents=("nib",))
    with_halal = business(kepahiang_officer, kepahiang_desa, kuliner, "Bubuk Kopi Kaba", documents=("nib", "halal"))
    wanted = need(kepahiang_officer, uni, cluster_id=kuliner.pk, required_documents=["nib", "halal"])

    matches = sel.need_matches(user=kepahiang_officer, need=wanted)

    assert [m.subject for m in matches] == [with_halal, without]
    first, second = matches
    assert first.score - second.score == POINTS["document"]
    assert "Holds a valid Halal certificate." in first.reasons
    assert "No valid Halal certificate." in second.missing
    assert "No valid Halal certificate." not in first.missing
    assert "Holds a valid NIB (business identity number)." in second.reasons
    # Every component the need asks for is listed, with its points out of the most it gives.
    assert [c.key for c in first.components] == ["cluster", "products", "document:nib", "document:halal"]
    assert first.most == second.most == POINTS["cluster"] + POINTS["products"] + 2 * POINTS["document"]


def test_an_expired_document_counts_as_missing(kepahiang_officer, kepahiang_desa, clusters, uni):
    shop = business(kepahiang_officer, kepahiang_desa, clusters["kuliner"], "Kopi Lama", documents=("halal",))
    LegalDocument.objects.filter(business=shop).update(expires_on=timezone.localdate() - dt.timedelta(days=1))
    wanted = need(kepahiang_officer, uni, required_documents=["halal"])
    (match,) = sel.need_matches(user=kepahiang_officer, need=wanted)
    assert match.score == 0
    assert match.missing == ["No valid Halal certificate."]


def test_cluster_products_capacity_region_and_membership_are_scored_and_explained(
    kepahiang_officer, kepahiang_desa, clusters
):
    kuliner = clusters["kuliner"]
    association = registry.association_create(
        actor=kepahiang_officer, data={"name": "Asosiasi Kopi Kepahiang", "region_id": "17.08"}
    )
    member_partner = partner(kepahiang_officer, name="Asosiasi Kopi", kind="association", association_id=association.pk)
    strong = business(kepahiang_officer, kepahiang_desa, kuliner, "Kopi Kaba", workforce=12)
    weak = business(kepahiang_officer, kepahiang_desa, None, "Warung Serba Ada", workforce=2)
    product_make(kepahiang_officer, weak, clusters)  # a kuliner product: the only reason it is a candidate
    registry.association_member_add(actor=kepahiang_officer, association=association, business=strong)
    wanted = need(
        kepahiang_officer,
        member_partner,
        cluster_id=kuliner.pk,
        min_workforce=5,
        region_id=kepahiang_desa[:8],
    )
    top, low = sel.need_matches(user=kepahiang_officer, need=wanted)
    assert top.subject == strong
    assert low.subject == weak
    assert "Cluster is Kuliner / pangan olahan, as asked." in top.reasons
    assert "Workforce 12, at least 5 asked." in top.reasons
    assert "Member of Asosiasi Kopi Kepahiang." in top.reasons
    assert "No product of Kuliner / pangan olahan in the catalogue." in top.missing
    assert "No cluster recorded (Kuliner / pangan olahan asked)." in low.missing
    assert "1 product(s) of Kuliner / pangan olahan in the catalogue." in low.reasons
    assert "Workforce 2, below the 5 asked." in low.missing
    assert "Not a member of Asosiasi Kopi Kepahiang." in low.missing
    assert all(c.met for c in top.components if c.key == "region")


def test_another_cluster_is_no_candidate_and_another_region_is_not_seen(
    kepahiang_officer, jember_officer, kepahiang_desa, jember_desa, clusters, uni
):
    business(kepahiang_officer, kepahiang_desa, clusters["kriya"], "Anyaman Kaba")
    business(jember_officer, jember_desa, clusters["kuliner"], "Kopi Jember")
    wanted = need(kepahiang_officer, uni, cluster_id=clusters["kuliner"].pk)
    assert sel.need_matches(user=kepahiang_officer, need=wanted) == []


def test_both_directions_agree_and_their_queries_do_not_grow(kepahiang_officer, kepahiang_desa, clusters, uni):
    kuliner = clusters["kuliner"]
    shop = business(kepahiang_officer, kepahiang_desa, kuliner, "Kopi Kaba", documents=("nib", "pirt"), workforce=4)
    wanted = need(kepahiang_officer, uni, cluster_id=kuliner.pk, required_documents=["nib", "halal"], min_workforce=3)

    sel.need_matches(user=kepahiang_officer, need=wanted)  # warm the caches (the user's regions are cached)
    with CaptureQueriesContext(connection) as one:
        forward = sel.need_matches(user=kepahiang_officer, need=wanted)
    for i in range(5):
        business(kepahiang_officer, kepahiang_desa, kuliner, f"Kopi {i}", documents=("nib",))
    with CaptureQueriesContext(connection) as six:
        assert len(sel.need_matches(user=kepahiang_officer, need=wanted)) == 6
    assert len(one) == len(six) <= 2

    sel.business_partner_matches(user=kepahiang_officer, business=shop)
    with CaptureQueriesContext(connection) as back_one:
        (backward,) = sel.business_partner_matches(user=kepahiang_officer, business=shop)
    assert backward.subject == wanted
    assert (backward.score, backward.most, backward.reasons) == (forward[0].score, forward[0].most, forward[0].reasons)
    assert backward.missing == [
        "No product of Kuliner / pangan olahan in the catalogue.",
        "No valid Halal certificate.",
    ]
    for i in range(4):
        need(kepahiang_officer, uni, title=f"Pelatihan {i}", topic="training")
    with CaptureQueriesContext(connection) as back_five:
        assert len(sel.business_partner_matches(user=kepahiang_officer, business=shop)) == 5
    assert len(back_one) == len(back_five) <= 5


def test_a_need_of_another_cluster_does_not_fit_the_business(kepahiang_officer, kepahiang_desa, clusters, uni):
    shop = business(kepahiang_officer, kepahiang_desa, clusters["kriya"], "Anyaman Kaba")
    need(kepahiang_officer, uni, cluster_id=clusters["kuliner"].pk)
    open_to_all = need(kepahiang_officer, uni, title="Pelatihan pemasaran daring", topic="training")
    assert [m.subject for m in sel.business_partner_matches(user=kepahiang_officer, business=shop)] == [open_to_all]
