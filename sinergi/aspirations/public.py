"""What the public reaches without an account: the web form, the status of an aspiration by its code, a reopen
by the code, and a forum's page of aggregates with the answered aspirations the people agreed to publish.

Everything the public reads is built here as plain values from an explicit list of fields — never a model
handed to a template or a schema — so that nothing the office keeps private can leak by a field added later:

- a ``rahasia`` (secret) aspiration is absent from every public list and aggregate; its code shows only its
  status and dates (the person knows what they wrote; the answer reaches them directly);
- an ``anonim`` one shows its text, category, status and the public answer, no name;
- a ``terbuka`` (open) one shows the name it was recorded with as well;
- a phone, an email, a NIK, an officer, a note or a plan is never shown to the public.

The form is guarded by a honeypot field (a bot fills it; a person never sees it) and by counters in the cache
per client address and per phone number, each refusal with its own message.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import IO, Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.accounts.services import system_actor
from sinergi.aspirations import codes, services
from sinergi.aspirations.models import (
    Aspiration,
    Category,
    Confidentiality,
    Forum,
    Outcome,
    Status,
)
from sinergi.core.models import ChangeSource
from sinergi.core.validators import normalize_phone_id
from sinergi.regions.models import Region, RegionLevel

HOUR = 3600
HONEYPOT = "website"  # the field a person leaves empty (hidden by CSS, labelled "leave empty")


class Refused(Exception):
    """A public request refused with a message for the person: the spam guard, or a rate limit (``throttled``)."""

    def __init__(self, message: str, *, throttled: bool = True) -> None:
        super().__init__(message)
        self.throttled = throttled


def _count(key: str, limit: int) -> bool:
    """Count one more under ``key`` for the hour; False when the limit was reached already."""
    cache.add(key, 0, timeout=HOUR)
    try:
        value = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=HOUR)
        value = 1
    return value <= limit


def _throttle(*, ip: str, phone: str) -> None:
    if not _count(f"aspiration:ip:{ip}", settings.SINERGI_ASPIRATION_PER_IP_HOUR):
        raise Refused(
            _("Too many aspirations were sent from this connection in the last hour. Please try again later.")
        )
    if phone and not _count(f"aspiration:phone:{phone}", settings.SINERGI_ASPIRATION_PER_PHONE_HOUR):
        raise Refused(
            _(
                "Too many aspirations were sent with this phone number in the last hour. Please try again later, "
                "or contact the office."
            )
        )


def offices() -> QuerySet[Region]:
    """The offices that take aspirations on the web form: the regencies and cities."""
    return Region.objects.filter(level=RegionLevel.KABUPATEN_KOTA).order_by("name")


def public_submit(
    *, data: dict[str, Any], ip: str, files: list[tuple[IO[bytes], int, str]] | None = None
) -> Aspiration:
    """The public web form. ``data`` holds the office code, the text, the category, the village, the name,
    the phone, the email, the confidentiality and the honeypot. Raises ``Refused`` (spam or too many) or a
    ValidationError (a field's message)."""
    if str(data.get(HONEYPOT) or "").strip():
        raise Refused(
            _("The form could not be accepted. Leave the last field empty and send it again."), throttled=False
        )
    phone = ""
    if data.get("phone"):
        try:
            phone = normalize_phone_id(str(data["phone"]))
        except ValidationError as exc:
            raise ValidationError({"phone": exc.messages[0]}) from None
    office = offices().filter(pk=data.get("office") or "").first()
    if office is None:
        raise ValidationError({"office": _("Choose the regency or city whose office you write to.")})
    _throttle(ip=ip, phone=phone)
    values = {k: data.get(k) for k in ("text", "category", "desa_id", "name", "email", "confidentiality")}
    values["phone"] = phone
    values["who"] = "contact" if values.get("name") else "anonymous"
    if values["who"] == "anonymous" and (phone or values.get("email")):
        values["who"] = "contact"
        values["name"] = _("(no name given)")
    return services.aspiration_record(
        actor=system_actor(), office=office, data=values, files=files, source=ChangeSource.WEB, public=True
    )


# --- the status by code -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicStatus:
    """What anyone with the code reads. ``text``, ``category``, ``answer`` and ``name`` are empty for a secret one."""

    code: str
    status: str
    status_label: str
    outcome_label: str
    heard_on: dt.date
    answered_on: dt.date | None
    closed_on: dt.date | None
    secret: bool
    text: str = ""
    category: str = ""
    answer: str = ""
    name: str = ""
    where_referred: str = ""
    merged_into: str = ""
    can_reopen: bool = False


def _name(a: Aspiration) -> str:
    return a.name if a.confidentiality == Confidentiality.OPEN else ""


def lookup_allowed(*, ip: str) -> None:
    if not _count(f"aspiration:lookup:{ip}", settings.SINERGI_ASPIRATION_LOOKUPS_PER_IP_HOUR):
        raise Refused(_("Too many codes were looked up from this connection in the last hour. Try again later."))


def _local(moment: dt.datetime | None, office: Region) -> dt.date | None:
    from sinergi.core.workdays import local_day

    return local_day(moment, office.timezone) if moment else None


def status_by_code(raw: str) -> PublicStatus | None:
    """The public status of the aspiration with this code; None when no aspiration has it. A duplicate shows the
    progress of the aspiration it was merged into (its answer too, if that one is published)."""
    code = codes.normalise_code(raw)
    if not code:
        return None
    own = Aspiration.objects.select_related("office", "merged_into").filter(code=code).first()
    if own is None:
        return None
    shown = own.merged_into if own.merged_into_id and own.merged_into is not None else own
    secret = own.confidentiality == Confidentiality.SECRET
    shown_secret = secret or shown.confidentiality == Confidentiality.SECRET
    referred = shown.outcome == Outcome.REFERRED
    now = timezone.now()
    return PublicStatus(
        code=own.code,
        status=shown.status,
        status_label=str(Status(shown.status).label),
        outcome_label=str(Outcome(shown.outcome).label) if shown.outcome not in ("", Outcome.RESOLVED) else "",
        heard_on=_local(own.heard_at, own.office) or own.heard_at.date(),
        answered_on=_local(shown.answered_at, own.office),
        closed_on=_local(shown.closed_at, own.office),
        secret=secret,
        text="" if secret else own.text,
        category="" if secret else str(Category(own.category).label),
        answer="" if shown_secret else shown.answer,
        name="" if secret else _name(own),
        where_referred=shown.outcome_note if referred and not shown_secret else "",
        merged_into=shown.code if shown is not own and not shown_secret else "",
        can_reopen=(
            shown is own
            and own.outcome == Outcome.RESOLVED
            and own.reopen_until is not None
            and now <= own.reopen_until
        ),
    )


def reopen_by_code(*, raw: str, reason: str, ip: str) -> Aspiration:
    """The person reopens their answered aspiration with its code (throttled as a lookup)."""
    lookup_allowed(ip=ip)
    code = codes.normalise_code(raw)
    aspiration = Aspiration.objects.filter(code=code).first() if code else None
    if aspiration is None:
        raise ValidationError({"kode": _("No aspiration has this code.")})
    try:
        return services.aspiration_reopen(
            actor=system_actor(), aspiration=aspiration, reason=reason, by_person=True, source=ChangeSource.WEB
        )
    except PermissionDenied:  # pragma: no cover - by_person skips the office check
        raise ValidationError({"kode": _("No aspiration has this code.")}) from None


# --- a forum's public page ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PublishedAnswer:
    code: str
    category: str
    text: str
    answer: str
    answered_on: dt.date | None
    name: str


@dataclass
class ForumPage:
    """A forum's public aggregates over its published (not secret) aspirations."""

    title: str
    kind: str
    held_on: dt.date
    place: str
    total: int = 0
    by_category: list[tuple[str, int]] = field(default_factory=list)
    by_status: list[tuple[str, int]] = field(default_factory=list)
    answered: int = 0
    answered_on_time: int = 0
    published: list[PublishedAnswer] = field(default_factory=list)

    @property
    def on_time_percent(self) -> int | None:
        return round(100 * self.answered_on_time / self.answered) if self.answered else None


def published_aspirations() -> QuerySet[Aspiration]:
    """Every aspiration the public may know of: not secret, not merged away."""
    return Aspiration.objects.exclude(confidentiality=Confidentiality.SECRET).filter(merged_into__isnull=True)


def public_forums() -> QuerySet[Forum]:
    return Forum.objects.select_related("office", "place").order_by("-held_on", "-id")


def forum_page(forum: Forum) -> ForumPage:
    rows = list(
        published_aspirations()
        .filter(forum=forum)
        .select_related("office")
        .only(
            "code",
            "category",
            "status",
            "text",
            "answer",
            "answered_at",
            "plan_due",
            "confidentiality",
            "name",
            "office__timezone",
        )
    )
    page = ForumPage(
        title=forum.title,
        kind=forum.get_kind_display(),
        held_on=forum.held_on,
        place=forum.place.name if forum.place else forum.location,
        total=len(rows),
    )
    categories = Counter(r.category for r in rows)
    page.by_category = [(str(label), categories[value]) for value, label in Category.choices if categories[value]]
    statuses = Counter(r.status for r in rows)
    page.by_status = [(str(label), statuses[value]) for value, label in Status.choices if statuses[value]]
    answered = [r for r in rows if r.answered_at is not None]
    page.answered = len(answered)
    page.answered_on_time = sum(1 for r in answered if r.answered_at and r.answered_at <= r.plan_due)
    page.published = [
        PublishedAnswer(
            code=r.code,
            category=str(Category(r.category).label),
            text=r.text,
            answer=r.answer,
            answered_on=_local(r.answered_at, r.office),
            name=_name(r),
        )
        for r in sorted(answered, key=lambda r: r.answered_at or timezone.now(), reverse=True)
        if r.answer
    ]
    return page


def forum_for_public(pk: int) -> Forum | None:
    return public_forums().filter(Q(pk=pk)).first()
