"""The duplicate review: a linkage run fills the queue, decisions are remembered, merges can be undone."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sinergi.core.jobs import job_run
from sinergi.core.models import JobStatus
from sinergi.linkage import selectors, services
from sinergi.linkage.models import CandidateStatus, LinkageRun, MatchCandidate, PairDecision
from sinergi.registry import services as registry_services
from sinergi.registry.models import MergeKind, Person

pytestmark = pytest.mark.django_db

# Pairs 0/1 and 2/3 are one person each, entered twice as offices do (a NIK with two digits swapped, no
# NIK at all, honorifics, spelling); 4 and 5 only share a common name.
PEOPLE = [
    ("Hj. Siti Aminah", "1708014507850001", "081234567890", "1985-07-05", "Jl. Merdeka No. 5 RT 02/RW 01"),
    ("Sitti Aminah", "1708014507850010", "0812-3456-7890", "1985-07-05", "Jalan Merdeka 5 RT 2 RW 1"),
    ("Muhammad Yusuf S.Pd.", "1708011203790002", "085267891234", "1979-03-12", "Gg. Mawar 3"),
    ("Moh. Yusuf", "", "", "1979-03-12", "Gang Mawar No. 3"),
    ("Budi Santoso", "", "081100000001", "1970-01-01", "Jl. Kopi 1"),
    ("Budi Santoso", "", "082200000002", "1990-05-05", "Jl. Teh 9"),
]


def _people(actor, desa: str) -> list[Person]:
    return [
        registry_services.person_create(
            actor=actor,
            data={
                "name": name,
                "nik": nik,
                "phone": phone,
                "birth_date": date.fromisoformat(born),
                "address": address,
                "desa_id": desa,
            },
        )
        for name, nik, phone, born, address in PEOPLE
    ]


def _run(actor) -> LinkageRun:
    run = services.linkage_start(actor=actor, kind=MergeKind.PERSON, region_code="17.08", enqueue=False)
    assert run.job is not None
    assert job_run(job_id=run.job.pk).status == JobStatus.SUCCEEDED
    run.refresh_from_db()
    return run


def _pairs(qs) -> set[tuple[int, int]]:
    return set(qs.values_list("left_id", "right_id"))


def test_a_run_stores_pairs_with_evidence_and_the_model_used(kepahiang_officer, kepahiang_desa):
    p = _people(kepahiang_officer, kepahiang_desa)
    run = _run(kepahiang_officer)
    found = _pairs(MatchCandidate.objects.filter(run=run))
    assert (p[0].pk, p[1].pk) in found
    assert (p[2].pk, p[3].pk) in found
    assert (p[4].pk, p[5].pk) not in found  # a common name and nothing else is not enough
    candidate = MatchCandidate.objects.get(run=run, left_id=p[0].pk, right_id=p[1].pk)
    assert run.threshold is not None
    assert candidate.probability >= run.threshold
    assert candidate.evidence
    assert all("level" in e and "weight" in e for e in candidate.evidence.values())
    assert run.model["settings"]["comparisons"]
    assert run.counts["records"] == 6


def test_decisions_are_remembered_and_a_merge_can_be_undone(kepahiang_officer, kepahiang_desa):
    p = _people(kepahiang_officer, kepahiang_desa)
    run = _run(kepahiang_officer)
    siti = MatchCandidate.objects.get(run=run, left_id=p[0].pk, right_id=p[1].pk)
    yusuf = MatchCandidate.objects.get(run=run, left_id=p[2].pk, right_id=p[3].pk)

    merge = services.candidate_merge(actor=kepahiang_officer, candidate=siti, survivor_id=p[0].pk)
    services.candidate_distinct(actor=kepahiang_officer, candidate=yusuf)
    assert not Person.objects.filter(pk=p[1].pk).exists()
    assert PairDecision.objects.filter(verdict="distinct", left_id=p[2].pk).exists()
    with pytest.raises(ValidationError):
        services.candidate_distinct(actor=kepahiang_officer, candidate=siti)

    again = _run(kepahiang_officer)
    assert not MatchCandidate.objects.filter(run=again).filter(left_id=p[2].pk, right_id=p[3].pk).exists()

    services.review_merge_undo(actor=kepahiang_officer, merge=merge)
    assert Person.objects.filter(pk=p[1].pk).exists()
    siti.refresh_from_db()
    assert siti.status == CandidateStatus.OPEN
    assert not PairDecision.objects.filter(left_id=p[0].pk, right_id=p[1].pk).exists()


def test_the_queue_shows_only_pairs_inside_the_users_regions(kepahiang_officer, jember_officer, kepahiang_desa):
    _people(kepahiang_officer, kepahiang_desa)
    _run(kepahiang_officer)
    assert selectors.candidates_visible(user=kepahiang_officer).exists()
    assert not selectors.candidates_visible(user=jember_officer).exists()
    candidate = MatchCandidate.objects.first()
    assert candidate is not None
    with pytest.raises(PermissionDenied):
        services.candidate_distinct(actor=jember_officer, candidate=candidate)
    with pytest.raises(PermissionDenied):
        services.linkage_start(actor=jember_officer, kind=MergeKind.PERSON, region_code="17.08")


def test_merge_keeps_one_of_the_pair(kepahiang_officer, kepahiang_desa):
    _people(kepahiang_officer, kepahiang_desa)
    _run(kepahiang_officer)
    candidate = MatchCandidate.objects.first()
    assert candidate is not None
    with pytest.raises(ValidationError):
        services.candidate_merge(actor=kepahiang_officer, candidate=candidate, survivor_id=10**9)
