"""Writes of the personal-data app: the access log, correction requests, retention exceptions and erasure.

Every write takes keyword arguments and an ``actor``, runs in one transaction and records a change-log row, except
the access log, which is itself a log (one insert per page, answer or export: ``record_access``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import ProtectedError, TextField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.accounts.access import require_office_manage, require_region_write
from sinergi.accounts.models import User
from sinergi.core.changelog import record_change, record_saved, save_logged, snapshot
from sinergi.core.models import ChangeAction, ChangeLog, ChangeSource
from sinergi.core.personal import PERSONAL_FIELDS
from sinergi.ingest.models import RejectedRow
from sinergi.privacy.models import (
    AccessRecord,
    CorrectionRequest,
    CorrectionStatus,
    Erasure,
    Purpose,
    RetentionPolicy,
)
from sinergi.privacy.selectors import Relation, access_log_codes, kept_labels_for, person_relations, personal_data
from sinergi.registry.models import Business, Merge, MergeKind, Person
from sinergi.registry.services.businesses import _refresh_business

ERASED = "(dihapus)"
# What an erasure clears on the person row; sex and village stay (aggregate statistics, region of kept records).
CLEARED_FIELDS = ("name", "nik", "birth_date", "phone", "address", "poverty_decile", "poverty_source")


# --- the access log -------------------------------------------------------------------------------------------


def _request_id(request: Any) -> str:
    if request is None:
        return ""
    value = getattr(request, "request_id", "") or request.META.get("HTTP_X_REQUEST_ID", "")
    return str(value)[:64]


def record_access(
    *, actor: Any, shown: Iterable[tuple[int, str, tuple[str, ...]]], purpose: str, request: Any = None
) -> int:
    """One access-log row per person shown in full, all in one insert; the number of rows written."""
    if purpose not in Purpose.values:
        raise ValueError(f"unknown purpose {purpose!r}")
    actor_id = actor.pk if getattr(actor, "pk", None) else None
    path = request.path[:200] if request is not None else ""
    request_id = _request_id(request)
    now = timezone.now()
    rows = [
        AccessRecord(
            time=now,
            actor_id=actor_id,
            person_id=pk,
            region_code=code,
            fields=",".join(fields)[:80],
            purpose=purpose,
            path=path,
            request_id=request_id,
        )
        for pk, code, fields in shown
    ]
    if rows:
        AccessRecord.objects.bulk_create(rows)
    return len(rows)


def record_shown(sender: Any, *, actor: Any, shown: Any, purpose: str, request: Any = None, **kwargs: Any) -> None:
    """Receiver of ``core.personal.personal_data_shown``."""
    record_access(actor=actor, shown=shown, purpose=purpose, request=request)


# --- correction requests --------------------------------------------------------------------------------------

# From each status, where a request may go next; done and refused are final.
_NEXT = {
    CorrectionStatus.RECEIVED: {CorrectionStatus.IN_PROGRESS, CorrectionStatus.DONE, CorrectionStatus.REFUSED},
    CorrectionStatus.IN_PROGRESS: {CorrectionStatus.DONE, CorrectionStatus.REFUSED},
    CorrectionStatus.DONE: set(),
    CorrectionStatus.REFUSED: set(),
}


@transaction.atomic
def correction_create(
    *,
    actor: User,
    person: Person,
    details: str,
    received_on: Any = None,
    channel: str = "",
    source: str = ChangeSource.WEB,
) -> CorrectionRequest:
    require_region_write(actor, person.desa_id)
    details = (details or "").strip()
    errors = {}
    if not details:
        errors["details"] = _("Say what the person asks to have corrected.")
    if received_on is not None and received_on > timezone.localdate():
        errors["received_on"] = _("The date received cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    correction = CorrectionRequest(
        person=person,
        details=details[:2000],
        channel=(channel or "").strip()[:40],
        created_by=actor,
        **({"received_on": received_on} if received_on is not None else {}),
    )
    save_logged(actor=actor, instance=correction, before=None, source=source)
    return correction


@transaction.atomic
def correction_advance(
    *, actor: User, correction: CorrectionRequest, status: str, outcome: str = "", source: str = ChangeSource.WEB
) -> CorrectionRequest:
    """Move a request on: received → in progress → done, or refused (with the reason) from either."""
    correction = CorrectionRequest.objects.select_for_update().select_related("person").get(pk=correction.pk)
    require_region_write(actor, correction.person.desa_id)
    current = CorrectionStatus(correction.status)
    if status not in CorrectionStatus.values or CorrectionStatus(status) not in _NEXT[current]:
        raise ValidationError(
            {"status": _("A request that is %(now)s cannot become %(next)s.") % {"now": current.label, "next": status}}
        )
    outcome = (outcome or "").strip()
    if status == CorrectionStatus.REFUSED and not outcome:
        raise ValidationError({"outcome": _("Give the reason for refusing; the person is told it.")})
    before = snapshot(correction)
    correction.status = status
    if outcome:
        correction.outcome = outcome[:2000]
    if status in (CorrectionStatus.DONE, CorrectionStatus.REFUSED):
        correction.closed_at = timezone.now()
    save_logged(actor=actor, instance=correction, before=before, source=source)
    return correction


# --- retention exceptions -------------------------------------------------------------------------------------


@transaction.atomic
def retention_set(
    *, actor: User, region_code: str, kept: Iterable[str], source: str = ChangeSource.WEB
) -> RetentionPolicy:
    """The records an office keeps when a person's data is erased (model labels among person_relations())."""
    require_office_manage(actor, region_code)
    known = {r.label for r in person_relations()}
    wanted = sorted(set(kept))
    unknown = [label for label in wanted if label not in known]
    if unknown:
        raise ValidationError({"kept": _("Unknown records: %(labels)s") % {"labels": ", ".join(unknown)}})
    policy = RetentionPolicy.objects.select_for_update().filter(region_id=region_code).first()
    before = snapshot(policy) if policy is not None else None
    if policy is None:
        policy = RetentionPolicy(region_id=region_code)
    policy.kept = wanted
    save_logged(actor=actor, instance=policy, before=before, source=source)
    return policy


# --- export ---------------------------------------------------------------------------------------------------


def person_export(*, actor: User, person: Person, request: Any = None) -> dict[str, Any]:
    """Everything the system holds about ``person``, for the person's request; the export is logged."""
    require_region_write(actor, person.desa_id)
    data = personal_data(person=person)
    fields = tuple(f for f in PERSONAL_FIELDS if getattr(person, f)) or ("name",)
    record_access(actor=actor, shown=[(person.pk, person.desa_id, fields)], purpose=Purpose.EXPORT, request=request)
    return data


# --- erasure --------------------------------------------------------------------------------------------------


def _redact(values: dict[str, Any] | None, keys: Iterable[str]) -> dict[str, Any] | None:
    if not values:
        return values
    return {k: (ERASED if k in keys and v not in (None, "") else v) for k, v in values.items()}


def _redact_change_log(person: Person) -> int:
    """The person's logged values (name, NIK, phone, address, birth date …) replaced in every change-log row."""
    rows = ChangeLog.objects.filter(content_type=ContentType.objects.get_for_model(Person), object_id=str(person.pk))
    count = 0
    for row in rows:
        row.before = _redact(row.before, CLEARED_FIELDS)
        row.after = _redact(row.after, CLEARED_FIELDS)
        row.object_repr = ERASED
        row.save(update_fields=["before", "after", "object_repr"])
        count += 1
    return count


def _unlinked(rows: models.QuerySet[Any], relation: Relation) -> bool:
    """An optional link (a user account's person, an application's applicant) is cut; False when the rows'
    own rules refuse it (e.g. an enrollment must name a beneficiary) and they must be removed instead."""
    try:
        with transaction.atomic():
            rows.update(**{relation.field: None})
    except IntegrityError:
        return False
    return True


def _redact_related_reprs(relation: Relation, person: Person) -> None:
    """Change-log rows of records that refer to the person name it in their label ("Ketua: Siti Aminah")."""
    ctype = ContentType.objects.get_for_model(relation.model)
    ChangeLog.objects.filter(content_type=ctype).filter(
        models.Q(**{f"after__{relation.attname}": person.pk}) | models.Q(**{f"before__{relation.attname}": person.pk})
    ).update(object_repr=ERASED)


def _redact_merges(person: Person) -> None:
    """Merge records keep the merged person as it was (to undo the merge): their personal values go too."""
    for merge in Merge.objects.filter(kind=MergeKind.PERSON).filter(
        models.Q(survivor_id=person.pk) | models.Q(merged_id=person.pk)
    ):
        merge.merged = _redact(merge.merged, CLEARED_FIELDS) or {}
        merge.survivor_before = _redact(merge.survivor_before, CLEARED_FIELDS) or {}
        merge.save(update_fields=["merged", "survivor_before"])


def _rejected_rows_with(nik: str | None) -> models.QuerySet[RejectedRow]:
    """Rows of imports that were refused and still carry this NIK among their values."""
    if not nik:
        return RejectedRow.objects.none()
    return RejectedRow.objects.annotate(text=Cast("values", TextField())).filter(text__contains=nik)


@transaction.atomic
def person_erase(*, actor: User, person: Person, reason: str, source: str = ChangeSource.WEB) -> Erasure:
    """Erase a person's data on their request, keeping the records the office's retention exceptions name.

    The person row stays as a pseudonym (so that kept records — aid received, a cooperative's officers — still add
    up) with its personal fields cleared; other rows that refer to the person are removed (or, for an optional
    link such as a user account, unlinked); the person's values are removed from the change log, merge records and
    refused import rows. The Erasure row says what was cleared and how many rows were removed or kept, never the
    data itself."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    require_region_write(actor, person.desa_id)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the basis of the request (e.g. the letter's number and date).")})
    if person.name.startswith(ERASED) or Erasure.objects.filter(person_id=person.pk).exists():
        raise ValidationError(_("This person's data has already been erased."))
    kept_labels = set(kept_labels_for(region_code=person.desa_id))
    removed: dict[str, int] = {}
    kept: dict[str, int] = {}
    for relation in person_relations():
        rows = relation.rows(person)
        count = rows.count()
        if not count:
            continue
        if not relation.always_kept:
            _redact_related_reprs(relation, person)
        if relation.always_kept or relation.label in kept_labels:
            kept[relation.label] = count
        elif relation.nullable and _unlinked(rows, relation):
            removed[relation.label] = count
        else:
            try:
                rows.delete()
            except ProtectedError as exc:
                blocking = sorted({obj._meta.label_lower for obj in exc.protected_objects})
                raise ValidationError(
                    _("%(records)s cannot be removed while %(blocking)s refer to them; keep them as well.")
                    % {"records": relation.label, "blocking": ", ".join(blocking)}
                ) from exc
            removed[relation.label] = count
    corrections = CorrectionRequest.objects.filter(person=person)
    if corrections.exists():
        kept["privacy.correctionrequest"] = corrections.update(details=ERASED, outcome=ERASED)
    rejected = _rejected_rows_with(person.nik)
    rejected_count = rejected.count()
    if rejected_count:
        RejectedRow.objects.filter(pk__in=list(rejected.values_list("pk", flat=True))).delete()
        removed["ingest.rejectedrow"] = rejected_count
    cleared = [f for f in CLEARED_FIELDS if getattr(person, f) not in (None, "")]
    _redact_change_log(person)
    _redact_merges(person)
    pseudonym = f"{ERASED} #{person.pk}"
    person.name = pseudonym
    person.nik = None
    person.birth_date = None
    person.phone = ""
    person.address = ""
    person.poverty_decile = None
    person.poverty_source = ""
    person.save()
    for business in Business.objects.filter(owner=person):
        _refresh_business(business=business)  # the owner's name leaves the search text
    erasure = Erasure.objects.create(
        person_id=person.pk,
        region_code=person.desa_id,
        actor=actor,
        reason=reason.strip()[:2000],
        pseudonym=pseudonym,
        cleared=cleared,
        removed=removed,
        kept=kept,
    )
    # The change log says that the fields were erased, not what they held.
    record_change(
        actor=actor,
        instance=person,
        action=ChangeAction.UPDATE,
        before=dict.fromkeys(cleared, ERASED),
        after={f: snapshot(person)[f] for f in cleared},
        source=source,
    )
    record_saved(actor=actor, instance=erasure, before=None, source=source)
    return erasure


def require_access_log_reader(user: User) -> None:
    if access_log_codes(user=user) == []:
        raise PermissionDenied(_("The personal-data access log is for the office's administrators."))
