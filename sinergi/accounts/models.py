"""Users, their role and the regions they work in; API tokens."""

from __future__ import annotations

import hashlib

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("System administrator")
    PROVINCE = "province", _("Province officer")
    KABUPATEN = "kabupaten", _("Regency/city officer")
    VIEWER = "viewer", _("Read-only viewer")
    ASSOCIATION = "association", _("Association officer")
    OWNER = "owner", _("Business owner")
    COOPERATIVE = "cooperative", _("Cooperative officer")


STAFF_ROLES = frozenset({Role.ADMIN, Role.PROVINCE, Role.KABUPATEN, Role.VIEWER})
EDITOR_ROLES = frozenset({Role.ADMIN, Role.PROVINCE, Role.KABUPATEN})


class User(AbstractUser):
    """A person who signs in. Staff are bound to regions; association officers to an association; cooperative
    officers to their cooperative; business owners to their Person record (and so to the businesses they own)."""

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
