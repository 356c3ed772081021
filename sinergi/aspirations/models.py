"""The public's aspirations (aspirasi) to the office: the forums where they are heard (J-HUR, musrenbang, reses,
visits), each aspiration with who raised it, what and where, how confidential it is, its assignment, deadlines
counted in working days, status and outcome, the answer, and what came of it (an application to a program, a
task for an officer, a supervision request for a cooperative).

Status and outcome are kept apart: the status is where the handling is (received → assigned → in progress →
answered → closed); the outcome says how a closed one ended when it was not an answer that resolved it
(referred elsewhere, closed without resolution, merged into another as a duplicate).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sinergi.core.models import TimeStampedModel


class ForumKind(models.TextChoices):
    JHUR = "jhur", _("J-HUR (regent meets the people)")
    MUSRENBANG = "musrenbang", _("Musrenbang (development planning meeting)")
    RESES = "reses", _("Reses (legislators' recess visit)")
    VISIT = "visit", _("Field visit")
    OTHER = "other", _("Other meeting")


class Forum(TimeStampedModel):
    """A public meeting where the office hears aspirations: a J-HUR at a kecamatan, a musrenbang, a reses."""

    office = models.ForeignKey(
        "regions.Region", verbose_name=_("office region"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=ForumKind.choices)
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("held on"))
    place = models.ForeignKey(
        "regions.Region",
        verbose_name=_("kecamatan or village"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    location = models.CharField(_("venue"), max_length=200, blank=True)
    officials = models.TextField(_("officials present"), blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("forum")
        verbose_name_plural = _("forums")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return self.title


class Category(models.TextChoices):
    MARKETING = "marketing", _("Marketing")
    CAPITAL = "capital", _("Capital")
    LEGALITY = "legality", _("Licences and legality")
    TRAINING = "training", _("Training")
    STUDY_TOUR = "study_tour", _("Study tour")
    INFRASTRUCTURE = "infrastructure", _("Infrastructure")
    OTHER = "other", _("Other")


class Channel(models.TextChoices):
    FORUM = "forum", _("At a forum")
    OFFICE = "office", _("Visit to the office")
    WEB = "web", _("Web form")
    PHONE = "phone", _("Phone or WhatsApp (recorded by staff)")


class Confidentiality(models.TextChoices):
    """Chosen at intake; the default is the safe one."""

    SECRET = "rahasia", _("Secret: not shown to the public at all")
    ANONYMOUS = "anonim", _("Anonymous: published, the person hidden")
    OPEN = "terbuka", _("Open: published with the person's name")


class Who(models.TextChoices):
    BUSINESS = "business", _("A registered business")
    PERSON = "person", _("A registered person")
    CONTACT = "contact", _("A name and phone only")
    ANONYMOUS = "anonymous", _("Anonymous")


class Status(models.TextChoices):
    RECEIVED = "received", _("Received")
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", _("In progress")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")


class Outcome(models.TextChoices):
    NONE = "", _("—")
    RESOLVED = "resolved", _("Answered")
    REFERRED = "referred", _("Not our authority: referred")
    UNRESOLVED = "unresolved", _("Closed without resolution")
    MERGED = "merged", _("Merged into another (duplicate)")


OPEN_STATUSES = (Status.RECEIVED, Status.ASSIGNED, Status.IN_PROGRESS)


class Aspiration(TimeStampedModel):
    """One aspiration heard by the office. ``heard_at`` is when it was heard (the deadlines' clock starts
    there); ``created_at`` when it was typed in. ``code`` is the short public code given at recording."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    office = models.ForeignKey(
        "regions.Region", verbose_name=_("office region"), on_delete=models.PROTECT, related_name="+"
    )
    forum = models.ForeignKey(
        Forum, verbose_name=_("forum"), null=True, blank=True, on_delete=models.SET_NULL, related_name="aspirations"
    )
    who = models.CharField(_("who"), max_length=10, choices=Who.choices, default=Who.ANONYMOUS)
    business = models.ForeignKey(
        "registry.Business",
        verbose_name=_("business"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    person = models.ForeignKey(
        "registry.Person", verbose_name=_("person"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(_("name"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=16, blank=True, help_text=_("Stored as +62…"))
    email = models.EmailField(_("email"), blank=True)
    text = models.TextField(_("aspiration"))
    category = models.CharField(_("category"), max_length=16, choices=Category.choices, default=Category.OTHER)
    cluster = models.ForeignKey(
        "registry.Cluster",
        verbose_name=_("cluster"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    desa = models.ForeignKey(
        "regions.Region", verbose_name=_("village"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices, default=Channel.FORUM)
    heard_at = models.DateTimeField(_("heard at"))
    confidentiality = models.CharField(
        _("confidentiality"), max_length=8, choices=Confidentiality.choices, default=Confidentiality.SECRET
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.RECEIVED)
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices, blank=True, default="")
    outcome_note = models.TextField(_("reason or where referred"), blank=True)
    merged_into = models.ForeignKey(
        "self", verbose_name=_("merged into"), null=True, blank=True, on_delete=models.PROTECT, related_name="merged"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned officer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    unit = models.CharField(_("unit"), max_length=120, blank=True)
    # Deadlines, set when recorded from heard_at and the category's rules (end of the working day, local time).
    verify_due = models.DateTimeField(_("verify and forward by"))
    plan_due = models.DateTimeField(_("follow-up plan by"))
    assigned_at = models.DateTimeField(_("assigned at"), null=True, blank=True)
    plan = models.TextField(_("follow-up plan"), blank=True)
    planned_at = models.DateTimeField(_("plan made at"), null=True, blank=True)
    answer = models.TextField(_("public answer"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    close_due = models.DateTimeField(_("closes if no reply by"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    reopen_until = models.DateTimeField(_("may be reopened until"), null=True, blank=True)
    reopened = models.PositiveSmallIntegerField(_("times reopened"), default=0)
    # What came of it: an application to a program, a supervision request (a planned inspection).
    application = models.ForeignKey(
        "programs.Application",
        verbose_name=_("program application"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    inspection = models.ForeignKey(
        "supervision.Inspection",
        verbose_name=_("supervision request"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    external_ref = models.CharField(_("external reference"), max_length=100, blank=True, db_index=True)

    class Meta:
        verbose_name = _("aspiration")
        verbose_name_plural = _("aspirations")
        ordering = ["-heard_at", "-id"]
        indexes = [models.Index(fields=["office", "status"], name="aspiration_office_status_idx")]

    def __str__(self) -> str:
        return self.code

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_public(self) -> bool:
        return self.confidentiality != Confidentiality.SECRET


class Task(TimeStampedModel):
    """A task for an officer that came of an aspiration (prepare a stall at the fair, call the bank)."""

    aspiration = models.ForeignKey(Aspiration, on_delete=models.CASCADE, related_name="tasks")
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("officer"), on_delete=models.PROTECT, related_name="+"
    )
    description = models.CharField(_("task"), max_length=255)
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.description[:60]


class Attachment(TimeStampedModel):
    """A photo or PDF given with an aspiration; its type is read from its content, not its name."""

    aspiration = models.ForeignKey(Aspiration, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to="aspirations/%Y/%m/")
    name = models.CharField(_("file name"), max_length=120)
    content_type = models.CharField(_("type"), max_length=40)
    size = models.PositiveIntegerField(_("size (bytes)"))

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class DeadlineRule(models.Model):
    """An office's working-day deadlines for one category (SP4N-LAPOR!'s 3, 5 and 10 unless set here)."""

    office = models.ForeignKey(
        "regions.Region", verbose_name=_("office region"), on_delete=models.CASCADE, related_name="+"
    )
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    verify_days = models.PositiveSmallIntegerField(_("verify and forward within (working days)"), default=3)
    plan_days = models.PositiveSmallIntegerField(_("follow-up plan within (working days)"), default=5)
    close_days = models.PositiveSmallIntegerField(_("close after an answer without reply (working days)"), default=10)
    reopen_days = models.PositiveSmallIntegerField(_("may be reopened within (working days)"), default=10)

    class Meta:
        verbose_name = _("deadline rule")
        verbose_name_plural = _("deadline rules")
        constraints = [models.UniqueConstraint(fields=["office", "category"], name="aspiration_rule_unique")]

    def __str__(self) -> str:
        return f"{self.office_id} {self.category}"


class CodeSequence(models.Model):
    """The last sequence number given in an office's public codes (per device, once offline work lands)."""

    office = models.ForeignKey("regions.Region", on_delete=models.CASCADE, related_name="+")
    device = models.CharField(max_length=8, blank=True, default="")
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["office", "device"], name="aspiration_code_seq_unique")]

    def __str__(self) -> str:
        return f"{self.office_id}/{self.device}: {self.last}"
