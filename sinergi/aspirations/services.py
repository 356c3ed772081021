"""Writes to aspirations: forums, the recording of an aspiration (by staff, from a spreadsheet, from the public
form), its assignment, plan, answer, closing, the outcomes kept apart from an answer (referred, closed without
resolution, merged into another), reopening, and what came of it (a program application, a task, a supervision
request). Every change is one function with an ``actor``, one transaction and a change-log row.

Status moves (``MOVES``): received → assigned → in progress → answered → closed. Referring, closing without
resolution and merging close an open one with that outcome. An answered or closed one may be reopened until
``reopen_until`` (set at the answer, in working days); it goes back to in progress.

Who may write: office editors of the aspiration's office region (``require_region_write``); the public form and
a reopen by the person's code go through ``sinergi.aspirations.public`` with the system actor.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from sinergi.accounts.access import is_office_staff, region_in_scope, require_region_write
from sinergi.accounts.models import User
from sinergi.aspirations import codes, notify
from sinergi.aspirations.attachments import MAX_FILES, check_upload
from sinergi.aspirations.models import (
    OPEN_STATUSES,
    Aspiration,
    Attachment,
    Category,
    Channel,
    Confidentiality,
    DeadlineRule,
    Forum,
    ForumKind,
    Outcome,
    Status,
    Task,
    Who,
)
from sinergi.core.changelog import snapshot
from sinergi.core.models import ChangeSource
from sinergi.core.validators import normalize_phone_id
from sinergi.core.workdays import deadline
from sinergi.regions.models import Region, RegionLevel
from sinergi.registry.models import Business, Cluster, Person
from sinergi.registry.services._base import _delete_logged as delete_logged
from sinergi.registry.services._base import _save_logged as save_logged

TEXT_MAX = 2000
NAME_MAX = 150
NOTE_MAX = 2000
FORUM_FIELDS = ("office_id", "kind", "title", "held_on", "place_id", "location", "officials", "notes")
INTAKE_FIELDS = (
    "forum_id",
    "who",
    "business_id",
    "person_id",
    "name",
    "phone",
    "email",
    "text",
    "category",
    "cluster_id",
    "desa_id",
    "channel",
    "heard_at",
    "confidentiality",
    "external_ref",
)
MOVES: dict[str, frozenset[str]] = {
    Status.RECEIVED: frozenset({Status.ASSIGNED, Status.CLOSED}),
    Status.ASSIGNED: frozenset({Status.ASSIGNED, Status.IN_PROGRESS, Status.ANSWERED, Status.CLOSED}),
    Status.IN_PROGRESS: frozenset({Status.ASSIGNED, Status.ANSWERED, Status.CLOSED}),
    Status.ANSWERED: frozenset({Status.CLOSED, Status.IN_PROGRESS}),
    Status.CLOSED: frozenset({Status.IN_PROGRESS}),
}


def clean_text(value: Any, *, limit: int, field: str, errors: dict[str, str], lines: bool = True) -> str:
    """Text as typed, HTML tags stripped, spaces tidied; an error on ``field`` when it is longer than ``limit``."""
    raw = strip_tags(str(value or ""))
    text = "\n".join(" ".join(line.split()) for line in raw.strip().splitlines()) if lines else " ".join(raw.split())
    text = re.sub(r"\n{3,}", "\n\n", text)
    if len(text) > limit:
        errors[field] = _("At most %(limit)d characters (%(n)d given).") % {"limit": limit, "n": len(text)}
    return text


def _pick(data: Mapping[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    return {k: data[k] for k in names if k in data}


def _office(code: Any, errors: dict[str, str], field: str = "office_id") -> Region | None:
    office = Region.objects.filter(pk=code or "").first()
    if office is None or office.level not in (RegionLevel.PROVINSI, RegionLevel.KABUPATEN_KOTA):
        errors[field] = _("Choose the office (a province or a regency/city).")
        return None
    return office


def _within(code: str, prefix: str) -> bool:
    return code == prefix or code.startswith(prefix + ".")


def require_aspiration_write(actor: User, aspiration: Aspiration) -> None:
    require_region_write(actor, aspiration.office_id)


# --- deadlines ----------------------------------------------------------------------------------------------


def deadline_rule(*, office_id: str, category: str) -> dict[str, int]:
    """The working days of each step for a category at an office: the office's rule, else the defaults."""
    rule = DeadlineRule.objects.filter(office_id=office_id, category=category).first()
    defaults = dict(settings.SINERGI_ASPIRATION_DEADLINES)
    if rule is None:
        return {k: int(v) for k, v in defaults.items()}
    return {
        "verify_days": rule.verify_days,
        "plan_days": rule.plan_days,
        "close_days": rule.close_days,
        "reopen_days": rule.reopen_days,
    }


@transaction.atomic
def deadline_rule_set(
    *, actor: User, office: Region, category: str, data: Mapping[str, Any], source: str = ChangeSource.WEB
) -> DeadlineRule:
    require_region_write(actor, office.code)
    if category not in Category.values:
        raise ValidationError({"category": _("Unknown category.")})
    errors: dict[str, str] = {}
    values: dict[str, int] = {}
    for name in ("verify_days", "plan_days", "close_days", "reopen_days"):
        value = data.get(name)
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 60:
            errors[name] = _("Give a number of working days from 1 to 60.")
        else:
            values[name] = value
    if not errors and values["plan_days"] < values["verify_days"]:
        errors["plan_days"] = _("The follow-up plan cannot be due before the verification.")
    if errors:
        raise ValidationError(errors)
    rule = DeadlineRule.objects.filter(office=office, category=category).first()
    before = snapshot(rule) if rule else None
    rule = rule or DeadlineRule(office=office, category=category)
    for k, v in values.items():
        setattr(rule, k, v)
    save_logged(actor=actor, instance=rule, before=before, source=source)
    return rule


def _zone(office: Region) -> str:
    return office.timezone or "WIB"


# --- forums -------------------------------------------------------------------------------------------------


def _clean_forum(values: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, str] = {}
    office = _office(values.get("office_id"), errors)
    if values.get("kind") not in ForumKind.values:
        errors["kind"] = _("Choose the kind of forum.")
    values["title"] = clean_text(values.get("title"), limit=200, field="title", errors=errors, lines=False)
    if not values["title"]:
        errors["title"] = _("The title is required.")
    if not isinstance(values.get("held_on"), dt.date):
        errors["held_on"] = _("Give the date of the forum.")
    place = values.get("place_id") or None
    values["place_id"] = place
    if place and office is not None:
        region = Region.objects.filter(pk=place).first()
        if region is None or region.level < RegionLevel.KECAMATAN or not _within(region.code, office.code):
            errors["place_id"] = _("Choose a kecamatan or village of the office's region.")
    for name in ("location",):
        values[name] = clean_text(values.get(name), limit=200, field=name, errors=errors, lines=False)
    for name in ("officials", "notes"):
        values[name] = clean_text(values.get(name), limit=NOTE_MAX, field=name, errors=errors)
    if errors:
        raise ValidationError(errors)
    return values


@transaction.atomic
def forum_create(*, actor: User, data: Mapping[str, Any], source: str = ChangeSource.WEB) -> Forum:
    values = _clean_forum(_pick(data, FORUM_FIELDS))
    require_region_write(actor, values["office_id"])
    forum = Forum(**values)
    save_logged(actor=actor, instance=forum, before=None, source=source)
    return forum


@transaction.atomic
def forum_update(*, actor: User, forum: Forum, data: Mapping[str, Any], source: str = ChangeSource.WEB) -> Forum:
    forum = Forum.objects.select_for_update().get(pk=forum.pk)
    require_region_write(actor, forum.office_id)
    before = snapshot(forum)
    values = _clean_forum({**{f: getattr(forum, f) for f in FORUM_FIELDS}, **_pick(data, FORUM_FIELDS)})
    if values["office_id"] != forum.office_id:
        raise ValidationError({"office_id": _("A forum stays with its office.")})
    for k, v in values.items():
        setattr(forum, k, v)
    save_logged(actor=actor, instance=forum, before=before, source=source)
    return forum


# --- recording ----------------------------------------------------------------------------------------------


def _clean_intake(values: dict[str, Any], *, office: Region, now: dt.datetime) -> dict[str, Any]:
    errors: dict[str, str] = {}
    values["text"] = clean_text(values.get("text"), limit=TEXT_MAX, field="text", errors=errors)
    if not values["text"] and "text" not in errors:
        errors["text"] = _("Write down the aspiration.")
    values["name"] = clean_text(values.get("name"), limit=NAME_MAX, field="name", errors=errors, lines=False)
    values["category"] = values.get("category") or Category.OTHER
    if values["category"] not in Category.values:
        errors["category"] = _("Choose a category.")
    values["channel"] = values.get("channel") or Channel.FORUM
    if values["channel"] not in Channel.values:
        errors["channel"] = _("Choose how it was heard.")
    values["confidentiality"] = values.get("confidentiality") or Confidentiality.SECRET
    if values["confidentiality"] not in Confidentiality.values:
        errors["confidentiality"] = _("Choose how confidential it is.")
    phone = str(values.get("phone") or "").strip()
    values["phone"] = ""
    if phone:
        try:
            values["phone"] = normalize_phone_id(phone)
        except ValidationError as exc:
            errors["phone"] = exc.messages[0]
    values["email"] = str(values.get("email") or "").strip()[:254]
    if values["email"] and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", values["email"]):
        errors["email"] = _("Give an email address such as nama@contoh.id.")
    heard = values.get("heard_at") or now
    if isinstance(heard, dt.date) and not isinstance(heard, dt.datetime):
        heard = dt.datetime.combine(heard, dt.time(12), tzinfo=timezone.get_current_timezone())
    if not isinstance(heard, dt.datetime):
        errors["heard_at"] = _("Give the date and time it was heard.")
    elif timezone.is_naive(heard):
        heard = timezone.make_aware(heard)
    if isinstance(heard, dt.datetime) and heard > now + dt.timedelta(minutes=5):
        errors["heard_at"] = _("It cannot have been heard in the future.")
    values["heard_at"] = heard
    desa = values.get("desa_id") or None
    values["desa_id"] = desa
    if desa:
        region = Region.objects.filter(pk=desa).first()
        if region is None or region.level != RegionLevel.DESA_KELURAHAN or not _within(region.code, office.code):
            errors["desa_id"] = _("Choose a village of the office's region.")
    forum_id = values.get("forum_id") or None
    values["forum_id"] = forum_id
    if forum_id and not Forum.objects.filter(pk=forum_id, office=office).exists():
        errors["forum_id"] = _("Unknown forum of this office.")
    values["cluster_id"] = values.get("cluster_id") or None
    if values["cluster_id"] and not Cluster.objects.filter(pk=values["cluster_id"]).exists():
        errors["cluster_id"] = _("Unknown cluster.")
    _clean_who(values, office=office, errors=errors)
    values["external_ref"] = str(values.get("external_ref") or "").strip()[:100]
    if errors:
        raise ValidationError(errors)
    return values


def _clean_who(values: dict[str, Any], *, office: Region, errors: dict[str, str]) -> None:
    who = values.get("who") or (Who.CONTACT if values.get("name") or values.get("phone") else Who.ANONYMOUS)
    values["who"] = who
    values["business_id"] = values.get("business_id") or None
    values["person_id"] = values.get("person_id") or None
    if who not in Who.values:
        errors["who"] = _("Choose who raised it.")
    elif who == Who.BUSINESS:
        business = Business.objects.select_related("owner").filter(pk=values["business_id"] or 0).first()
        if business is None or not _within(business.desa_id, office.code):
            errors["business_id"] = _("Choose a business registered in the office's region.")
        else:
            values["person_id"] = business.owner_id
            values["name"] = values["name"] or business.name
            values["desa_id"] = values["desa_id"] or business.desa_id
    elif who == Who.PERSON:
        person = Person.objects.filter(pk=values["person_id"] or 0).first()
        if person is None or not _within(person.desa_id, office.code):
            errors["person_id"] = _("Choose a person registered in the office's region.")
        else:
            values["business_id"] = None
            values["name"] = values["name"] or person.name
            values["phone"] = values["phone"] or person.phone
    elif who == Who.CONTACT:
        values["business_id"] = values["person_id"] = None
        if not values["name"]:
            errors["name"] = _("Give the name, or record it as anonymous.")
    else:
        values.update(business_id=None, person_id=None, name="", phone="", email="")


@transaction.atomic
def aspiration_record(
    *,
    actor: User,
    office: Region,
    data: Mapping[str, Any],
    files: list[tuple[IO[bytes], int, str]] | None = None,
    source: str = ChangeSource.WEB,
    public: bool = False,
) -> Aspiration:
    """Record an aspiration of ``office``: its code, its deadlines from when it was heard, its attachments
    (stream, size, name each). Staff record for their offices; ``public`` is the web form's (system actor)."""
    if not public:
        require_region_write(actor, office.code)
    now = timezone.now()
    values = _clean_intake(_pick(data, INTAKE_FIELDS), office=office, now=now)
    if public:
        values["channel"] = Channel.WEB
        values["heard_at"] = now
    checked = []
    for stream, size, name in files or []:
        checked.append((stream, name, check_upload(stream=stream, size=size, name=name)))
    if len(checked) > MAX_FILES:
        raise ValidationError({"files": _("At most %(n)d files.") % {"n": MAX_FILES}})
    rule = deadline_rule(office_id=office.code, category=values["category"])
    zone = _zone(office)
    aspiration = Aspiration(
        office=office,
        code=codes.next_code(office=office),
        verify_due=deadline(values["heard_at"], rule["verify_days"], zone),
        plan_due=deadline(values["heard_at"], rule["plan_days"], zone),
        **values,
    )
    save_logged(actor=actor, instance=aspiration, before=None, source=source)
    for stream, name, sniffed in checked:
        attachment = Attachment(
            aspiration=aspiration, name=name[:120], content_type=sniffed.content_type, size=sniffed.size
        )
        attachment.file.save(f"{aspiration.code}{sniffed.extension}", File(stream), save=False)
        save_logged(actor=actor, instance=attachment, before=None, source=source)
    return aspiration


@transaction.atomic
def aspiration_update(
    *, actor: User, aspiration: Aspiration, data: Mapping[str, Any], source: str = ChangeSource.WEB
) -> Aspiration:
    """Correct what was recorded (the code, the deadlines and the status stay)."""
    aspiration = _locked(aspiration)
    require_aspiration_write(actor, aspiration)
    before = snapshot(aspiration)
    current = {f: getattr(aspiration, f) for f in INTAKE_FIELDS}
    values = _clean_intake({**current, **_pick(data, INTAKE_FIELDS)}, office=aspiration.office, now=timezone.now())
    values.pop("heard_at")  # the clock started when it was heard; correcting it is not moving the deadlines
    for k, v in values.items():
        setattr(aspiration, k, v)
    save_logged(actor=actor, instance=aspiration, before=before, source=source)
    return aspiration


# --- status -------------------------------------------------------------------------------------------------


def _locked(aspiration: Aspiration) -> Aspiration:
    return Aspiration.objects.select_for_update().select_related("office").get(pk=aspiration.pk)


def _move(aspiration: Aspiration, to: str) -> None:
    if to not in MOVES[aspiration.status]:
        raise ValidationError(
            {
                "status": _("An aspiration that is %(now)s cannot become %(to)s.")
                % {"now": Status(aspiration.status).label.lower(), "to": Status(to).label.lower()}
            }
        )
    aspiration.status = to


def _write(actor: User, aspiration: Aspiration, before: dict[str, Any], source: str) -> Aspiration:
    save_logged(actor=actor, instance=aspiration, before=before, source=source)
    return aspiration


@transaction.atomic
def aspiration_assign(
    *, actor: User, aspiration: Aspiration, officer: User, unit: str = "", source: str = ChangeSource.WEB
) -> Aspiration:
    """Verify and forward to an officer of the office (who is notified)."""
    aspiration = _locked(aspiration)
    require_aspiration_write(actor, aspiration)
    if not (is_office_staff(officer) and officer.is_active and region_in_scope(officer, aspiration.office_id)):
        raise ValidationError({"officer": _("Choose an officer who works in the office's region.")})
    before = snapshot(aspiration)
    if aspiration.status != Status.IN_PROGRESS:  # a reassignment while in progress keeps it in progress
        _move(aspiration, Status.ASSIGNED)
    errors: dict[str, str] = {}
    aspiration.unit = clean_text(unit, limit=120, field="unit", errors=errors, lines=False)
    if errors:
        raise ValidationError(errors)
    aspiration.assignee = officer
    aspiration.assigned_at = timezone.now()
    _write(actor, aspiration, before, source)
    notify.tell_assignee(aspiration=aspiration, officer=officer)
    return aspiration


@transaction.atomic
def aspiration_plan(*, actor: User, aspiration: Aspiration, plan: str, source: str = ChangeSource.WEB) -> Aspiration:
    """The follow-up plan: the aspiration is then in progress."""
    aspiration = _locked(aspiration)
    require_aspiration_write(actor, aspiration)
    errors: dict[str, str] = {}
    text = clean_text(plan, limit=NOTE_MAX, field="plan", errors=errors)
    if not text and not errors:
        errors["plan"] = _("Describe the follow-up plan.")
    if errors:
        raise ValidationError(errors)
    if aspiration.status == Status.RECEIVED:
        raise ValidationError({"plan": _("Assign it to an officer first.")})
    before = snapshot(aspiration)
    _move(aspiration, Status.IN_PROGRESS)
    aspiration.plan = text
    aspiration.planned_at = aspiration.planned_at or timezone.now()
    return _write(actor, aspiration, before, source)


@transaction.atomic
def aspiration_answer(
    *, actor: User, aspiration: Aspiration, answer: str, source: str = ChangeSource.WEB
) -> Aspiration:
    """Publish the office's answer; it closes by itself ``close_days`` working days later unless the person
    replies, and may be reopened until ``reopen_days`` working days after."""
    aspiration = _locked(aspiration)
    require_aspiration_write(actor, aspiration)
    errors: dict[str, str] = {}
    text = clean_text(answer, limit=NOTE_MAX, field="answer", errors=errors)
    if not text and not errors:
        errors["answer"] = _("Write the answer.")
    if errors:
        raise ValidationError(errors)
    if aspiration.status == Status.RECEIVED:
        raise ValidationError({"answer": _("Assign it to an officer first.")})
    before = snapshot(aspiration)
    _move(aspiration, Status.ANSWERED)
    now = timezone.now()
    rule = deadline_rule(office_id=aspiration.office_id, category=aspiration.category)
    aspiration.answer = text
    aspiration.answered_at = now
    aspiration.outcome = Outcome.RESOLVED
    aspiration.close_due = deadline(now, rule["close_days"], _zone(aspiration.office))
    aspiration.reopen_until = deadline(now, rule["reopen_days"], _zone(aspiration.office))
    _write(actor, aspiration, before, source)
    notify.tell_person_answered(aspiration=aspiration)
    for duplicate in aspiration.merged.all():  # the people of its duplicates follow this one
        notify.tell_person_answered(aspiration=duplicate)
    return aspiration


def _close(
    actor: User, aspiration: Aspiration, *, outcome: str, note: str, source: str, into: Aspiration | None = None
) -> Aspiration:
    before = snapshot(aspiration)
    _move(aspiration, Status.CLOSED)
    aspiration.outcome = outcome
    aspiration.outcome_note = note
    aspiration.merged_into = into
    aspiration.closed_at = timezone.now()
    if outcome != Outcome.RESOLVED:
        aspiration.reopen_until = None
    return _write(actor, aspiration, before, source)


@transaction.atomic
def aspiration_close(*, actor: User, aspiration: Aspiration, source: str = ChangeSource.WEB) -> Aspiration:
    """Close an answered one (the person agreed, or the time without reply passed)."""
    aspiration = _locked(aspiration)
    require_aspiration_write(actor, aspiration)
    if aspiration.status != Status.ANSWERED:
        raise ValidationError({"status": _("Only an answered aspiration is closed as resolved.")})
    return _close(actor, aspiration, outcome=Outcome.RESOLVED, note=aspiration.outcome_note, source=source)


def _reason(value: str, field: str, missing: str) -> str:
    errors: dict[str, str] = {}
    text = clean_text(value, limit=NOTE_MAX, field=field, errors=errors)
    if not text and not errors:
        errors[field] = missing
    if errors:
        raise ValidationError(errors)
    return text


def _require_open(aspiration: Aspiration) -> None:
    if aspiration.status not in OPEN_STATUSES and aspiration.status != Status.ANSWERED:
        raise ValidationError({"status": _("This aspiration is closed already.")})


@transaction.atomic
def aspiration_refer(*, actor: User, aspiration: Aspiration, where: str, source: str = ChangeSource.WEB) -> Aspiration:
    """Not the office's authority: referred to another body (``where``)."""
    aspiration = _locked(aspiration)
    require_aspiration_write(actor, aspiration)
    _require_open(aspiration)
    note = _reason(where, "where", _("Say where it was referred."))
    return _close(actor, aspiration, outcome=Outcome.REFERRED, note=note, source=source)


@transaction.atomic
def aspiration_close_unresolved(
    *, actor: User, aspiration: Aspiration, why: str, source: str = ChangeSource.WEB
) -> Aspiration:
    aspiration = _locked(aspiration)
    require_aspiration_write(actor, aspiration)
    _require_open(aspiration)
    note = _reason(why, "why", _("Say why it is closed without resolution."))
    return _close(actor, aspiration, outcome=Outcome.UNRESOLVED, note=note, source=source)


@transaction.atomic
def aspiration_merge(
    *, actor: User, aspiration: Aspiration, into: Aspiration, source: str = ChangeSource.WEB
) -> Aspiration:
    """A duplicate: closed as merged into ``into``; its public status then follows the other's."""
    aspiration = _locked(aspiration)
    require_aspiration_write(actor, aspiration)
    _require_open(aspiration)
    target = Aspiration.objects.filter(pk=into.pk, office_id=aspiration.office_id).first()
    if target is None or target.pk == aspiration.pk:
        raise ValidationError({"into": _("Choose another aspiration of the same office.")})
    if target.merged_into_id is not None:
        raise ValidationError({"into": _("That one is merged itself; choose the one it was merged into.")})
    note = _("Merged into %(code)s.") % {"code": target.code}
    return _close(actor, aspiration, outcome=Outcome.MERGED, note=note, source=source, into=target)


@transaction.atomic
def aspiration_reopen(
    *, actor: User, aspiration: Aspiration, reason: str, source: str = ChangeSource.WEB, by_person: bool = False
) -> Aspiration:
    """The answer did not resolve it: back to in progress, while ``reopen_until`` has not passed. Staff reopen
    on the person's word; ``by_person`` is the person's own, through the public status page with the code."""
    aspiration = _locked(aspiration)
    if not by_person:
        require_aspiration_write(actor, aspiration)
    note = _reason(reason, "reason", _("Say why the answer did not resolve it."))
    if aspiration.status not in (Status.ANSWERED, Status.CLOSED) or aspiration.outcome != Outcome.RESOLVED:
        raise ValidationError({"reason": _("Only an answered aspiration can be reopened.")})
    if aspiration.reopen_until is None or timezone.now() > aspiration.reopen_until:
        raise ValidationError({"reason": _("The time to reopen this aspiration has passed.")})
    before = snapshot(aspiration)
    _move(aspiration, Status.IN_PROGRESS)
    aspiration.outcome = Outcome.NONE
    aspiration.outcome_note = note
    aspiration.closed_at = None
    aspiration.close_due = None
    aspiration.reopened += 1
    return _write(actor, aspiration, before, source)


def aspirations_close_due(*, actor: User, now: dt.datetime | None = None, source: str = ChangeSource.JOB) -> int:
    """Close every answered aspiration whose time without reply has passed; returns how many."""
    now = now or timezone.now()
    closed = 0
    for aspiration in Aspiration.objects.filter(status=Status.ANSWERED, close_due__lt=now).order_by("pk"):
        with transaction.atomic():
            locked = _locked(aspiration)
            if locked.status == Status.ANSWERED:
                _close(actor, locked, outcome=Outcome.RESOLVED, note=locked.outcome_note, source=source)
                closed += 1
    return closed


# --- what came of it ----------------------------------------------------------------------------------------


@transaction.atomic
def aspiration_apply_to_program(
    *, actor: User, aspiration: Aspiration, program: Any, source: str = ChangeSource.WEB
) -> Aspiration:
    """The aspiration becomes an application of its business (or person) to an open program."""
    from sinergi.programs.choices import Target
    from sinergi.programs.services import application_submit

    aspiration = _locked(aspiration)
    require_aspiration_write(actor, aspiration)
    if aspiration.application_id:
        raise ValidationError({"program": _("This aspiration has become an application already.")})
    data: dict[str, Any]
    if program.target == Target.BUSINESS and aspiration.business_id:
        data = {"business_id": aspiration.business_id}
    elif program.target == Target.PERSON and aspiration.person_id:
        data = {"person_id": aspiration.person_id}
    else:
        raise ValidationError({"program": _("The program's applicant must be the registered business or person.")})
    data["note"] = _("From aspiration %(code)s.") % {"code": aspiration.code}
    try:
        application = application_submit(actor=actor, program=program, data=data, source=source)
    except ValidationError as exc:
        raise ValidationError({"program": exc.messages}) from None
    before = snapshot(aspiration)
    aspiration.application = application
    return _write(actor, aspiration, before, source)


@transaction.atomic
def aspiration_request_supervision(
    *, actor: User, aspiration: Aspiration, cooperative: Any, source: str = ChangeSource.WEB
) -> Aspiration:
    """The aspiration becomes a supervision request: a planned inspection of the cooperative."""
    from sinergi.supervision.services import inspection_create

    aspiration = _locked(aspiration)
    require_aspiration_write(actor, aspiration)
    if aspiration.inspection_id:
        raise ValidationError({"cooperative": _("A supervision request was made already.")})
    if not _within(cooperative.region_id, aspiration.office_id):
        raise ValidationError({"cooperative": _("The cooperative is outside the office's region.")})
    inspection = inspection_create(
        actor=actor,
        cooperative=cooperative,
        data={"summary": _("Requested from aspiration %(code)s.") % {"code": aspiration.code}},
        source=source,
    )
    before = snapshot(aspiration)
    aspiration.inspection = inspection
    return _write(actor, aspiration, before, source)


@transaction.atomic
def task_add(*, actor: User, aspiration: Aspiration, data: Mapping[str, Any], source: str = ChangeSource.WEB) -> Task:
    require_aspiration_write(actor, aspiration)
    errors: dict[str, str] = {}
    description = clean_text(data.get("description"), limit=255, field="description", errors=errors, lines=False)
    if not description and not errors:
        errors["description"] = _("Describe the task.")
    officer = data.get("officer")
    if not isinstance(officer, User) or not region_in_scope(officer, aspiration.office_id):
        errors["officer"] = _("Choose an officer who works in the office's region.")
    due = data.get("due_on")
    if not isinstance(due, dt.date):
        errors["due_on"] = _("Give the deadline.")
    if errors or not isinstance(due, dt.date):
        raise ValidationError(errors)
    task = Task(aspiration=aspiration, officer=officer, description=description, due_on=due)
    save_logged(actor=actor, instance=task, before=None, source=source)
    return task


@transaction.atomic
def task_done(*, actor: User, task: Task, source: str = ChangeSource.WEB) -> Task:
    task = Task.objects.select_for_update().select_related("aspiration").get(pk=task.pk)
    if task.officer_id != actor.pk:
        require_aspiration_write(actor, task.aspiration)
    before = snapshot(task)
    task.done_on = task.done_on or timezone.localdate()
    save_logged(actor=actor, instance=task, before=before, source=source)
    return task


@transaction.atomic
def attachment_remove(*, actor: User, attachment: Attachment, source: str = ChangeSource.WEB) -> None:
    require_aspiration_write(actor, attachment.aspiration)
    delete_logged(actor=actor, instance=attachment, source=source)
