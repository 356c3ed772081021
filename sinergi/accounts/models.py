"""Users, their role and the regions they work in; API tokens; each office's settings."""

from __future__ import annotations

import hashlib
from typing import Any

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The pure scoring package (no models): the rule sets an office chooses from are its data.
from sinergi.cooperatives.health import RULE_SETS


class Role(models.TextChoices):
    ADMIN = "admin", _("System administrator")
    PROVINCE = "province", _("Province officer")
    KABUPATEN = "kabupaten", _("Regency/city officer")
    VIEWER = "viewer", _("Read-only viewer")
    ASSOCIATION = "association", _("Association officer")
    OWNER = "owner", _("Business owner")
    COOPERATIVE = "cooperative", _("Cooperative officer")
    ASN = "asn", _("Civil servant (ASN)")


STAFF_ROLES = frozenset({Role.ADMIN, Role.PROVINCE, Role.KABUPATEN, Role.VIEWER})
EDITOR_ROLES = frozenset({Role.ADMIN, Role.PROVINCE, Role.KABUPATEN})


class User(AbstractUser):
    """A person who signs in. Staff are bound to regions; association officers to an association; cooperative
    officers to their cooperative; business owners to their Person record (and so to the businesses they own); a civil
    servant (ASN) to their record in sinergi.purchasing (``CivilServant.account``, the link kept on that side)."""

    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.VIEWER)
    regions = models.ManyToManyField("regions.Region", verbose_name=_("regions"), blank=True, related_name="+")
    association = models.ForeignKey(
        "registry.Association",
        verbose_name=_("association"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="officers",
    )
    cooperative = models.ForeignKey(
        "cooperatives.Cooperative",
        verbose_name=_("cooperative"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="officer_accounts",
    )
    person = models.ForeignKey(
        "registry.Person",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="accounts",
    )
    # The user's own contact number and the language pages open in after sign-in ("" = Bahasa Indonesia,
    # the site's default); both changed on the profile page.
    phone = models.CharField(_("phone"), max_length=20, blank=True, default="")
    language = models.CharField(
        _("language"), max_length=8, blank=True, default="", choices=[("id", "Bahasa Indonesia"), ("en", "English")]
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A bearer token for the API. Only its SHA-256 is stored; the token is shown once when made."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=80)
    prefix = models.CharField(max_length=8, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


def rule_set_choices() -> list[tuple[str, Any]]:
    """The health rule sets an office may choose (every one in RULE_SETS), with their names as users read them."""
    return [(version, RULE_SET_LABELS.get(version, rules.title)) for version, rules in RULE_SETS.items()]


# The names and one-line explanations users read; the rule sets' own titles are the regulation's (D20).
RULE_SET_LABELS: dict[str, Any] = {
    "ksp-2016-06-linear": _("Perdep 06/2016, linear reading (the default)"),
    "ksp-2016-06": _("Perdep 06/2016, banded tables"),
}
RULE_SET_HELP: dict[str, Any] = {
    "ksp-2016-06-linear": _(
        "Capital to risky loans, problem loans and the risk reserve earn points per percent, as the published "
        "2014-2016 assessments score them (17 of 18 published rows reproduced)."
    ),
    "ksp-2016-06": _(
        "Those three ratios are scored in the regulation's steps of 10 percent, as its printed tables show "
        "(12 of 18 published rows reproduced)."
    ),
}


class OfficeSettings(models.Model):
    """The settings of one office (Dinas), keyed by the region it serves: a kabupaten/kota or a province.

    A cooperative is governed by its kabupaten/kota office's row, else its province's, else the Django settings
    (``accounts.selectors.office_settings_for``). Typed fields, one per setting; a new setting is a new field
    with a default that is the Django setting it replaces."""

    region = models.OneToOneField(
        "regions.Region", verbose_name=_("office region"), on_delete=models.PROTECT, related_name="+"
    )
    health_rule_set = models.CharField(
        _("health-assessment rule set"),
        max_length=40,
        choices=rule_set_choices,
        help_text=_("Reports are scored under it when they are saved; existing scores keep their rule set."),
    )
    hundred_day_days = models.PositiveSmallIntegerField(
        _("days to submit the 100-day program"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_(
            "An association that has not submitted its 100-day program this many days after its inauguration is late."
        ),
    )
    field_wait_days = models.PositiveSmallIntegerField(
        _("days to hold field operations that arrive out of order"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_(
            "An operation from a field device that arrives before an earlier one waits this many days for it; then "
            "it is applied without it."
        ),
    )

    # Empowerment groups (sinergi.empowerment): who is a candidate and how large a group may be.
    empowerment_max_decile = models.PositiveSmallIntegerField(
        _("empowerment candidates: P3KE decile at most"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    empowerment_group_min = models.PositiveSmallIntegerField(
        _("empowerment group: fewest households"), default=10, validators=[MinValueValidator(1)]
    )
    empowerment_group_max = models.PositiveSmallIntegerField(
        _("empowerment group: most households"), default=25, validators=[MinValueValidator(1)]
    )

    class Meta:
        verbose_name = _("office settings")
        verbose_name_plural = _("office settings")

    def __str__(self) -> str:
        return f"{self.region_id}: {self.health_rule_set}"

    def clean(self) -> None:
        if self.empowerment_group_min > self.empowerment_group_max:
            raise ValidationError(
                {"empowerment_group_max": _("The most households in a group is at least the fewest.")}
            )
