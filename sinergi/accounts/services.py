"""Writes to accounts: users, API tokens and each office's settings."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.accounts.access import OFFICE_LEVELS, require_office_manage
from sinergi.accounts.models import ApiToken, OfficeSettings, Role, User, hash_token
from sinergi.accounts.selectors import office_settings_default
from sinergi.core.changelog import record_change, record_deleted, record_saved, snapshot
from sinergi.core.models import ChangeAction, ChangeSource
from sinergi.core.validators import normalize_phone_id
from sinergi.regions.models import Region

SYSTEM_USERNAME = "sinergi-system"


def system_actor() -> User:
    """The actor recorded for writes by commands and jobs that no person started.

    It has no usable password, so nobody can sign in as it."""
    user, created = User.objects.get_or_create(
        username=SYSTEM_USERNAME, defaults={"role": Role.ADMIN, "first_name": "Sistem"}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


@transaction.atomic
def user_create(
    *,
    actor: Any,
    username: str,
    password: str | None,
    role: str,
    region_codes: Iterable[str] = (),
    full_name: str = "",
    email: str = "",
    association_id: int | None = None,
    person_id: int | None = None,
    cooperative_id: int | None = None,
    source: str = ChangeSource.COMMAND,
) -> User:
    user = User(
        username=username,
        role=role,
        first_name=full_name,
        email=email,
        association_id=association_id,
        person_id=person_id,
        cooperative_id=cooperative_id,
        is_staff=role == Role.ADMIN,
        is_superuser=role == Role.ADMIN,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    codes = sorted(set(region_codes))
    found = list(Region.objects.filter(code__in=codes))
    if len(found) != len(codes):
        missing = sorted(set(codes) - {r.code for r in found})
        raise ValidationError({"regions": _("Unknown region codes: %(codes)s") % {"codes": ", ".join(missing)}})
    user.regions.set(found)
    after = snapshot(user)
    after.pop("password", None)
    after["regions"] = codes
    record_change(actor=actor, instance=user, action=ChangeAction.CREATE, before=None, after=after, source=source)
    return user


@transaction.atomic
def user_delete(*, actor: Any, user: User, source: str = ChangeSource.COMMAND) -> None:
    """Delete a user account, logged without its password hash."""
    if not (getattr(actor, "is_superuser", False) or getattr(actor, "role", None) == Role.ADMIN):
        raise PermissionDenied(_("Only an administrator may delete accounts."))
    before = snapshot(user)
    before.pop("password", None)
    record_deleted(actor=actor, instance=user, source=source, before=before)
    user.delete()


@transaction.atomic
def api_token_create(*, actor: Any, user: User, name: str, source: str = ChangeSource.WEB) -> tuple[ApiToken, str]:
    """Make a token; the raw value is returned once and never stored."""
    raw = "sng_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, prefix=raw[4:12], key_hash=hash_token(raw))
    record_change(
        actor=actor,
        instance=token,
        action=ChangeAction.CREATE,
        before=None,
        after={"user": user.pk, "name": name, "prefix": token.prefix},
        source=source,
    )
    return token, raw


@transaction.atomic
def api_token_revoke(*, actor: User, token: ApiToken, source: str = ChangeSource.WEB) -> None:
    """Revoke a token (idempotent). Users revoke their own; an admin anyone's."""
    if token.user_id != actor.pk and not (actor.is_superuser or actor.role == Role.ADMIN):
        raise PermissionDenied(_("You may revoke only your own tokens."))
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        return
    before = snapshot(token)
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    record_saved(actor=actor, instance=token, before=before, source=source)


def api_token_authenticate(*, raw: str) -> User | None:
    token = ApiToken.objects.select_related("user").filter(key_hash=hash_token(raw), revoked_at__isnull=True).first()
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


PROFILE_FIELDS = ("first_name", "last_name", "email", "phone", "language")


@transaction.atomic
def profile_update(*, actor: User, user: User, source: str = ChangeSource.WEB, **fields: Any) -> User:
    """Change a user's own name, email, phone and language. Only the user (or an administrator) may; nothing
    is logged when nothing changed. A phone is stored in the registry's normal form (+62…)."""
    if actor.pk != user.pk and actor.role != Role.ADMIN:
        raise PermissionDenied(_("You may change only your own profile."))
    unknown = sorted(set(fields) - set(PROFILE_FIELDS))
    if unknown:
        raise ValidationError({name: _("Not a profile field.") for name in unknown})
    if fields.get("phone"):
        try:
            fields["phone"] = normalize_phone_id(str(fields["phone"]))
        except ValidationError as exc:
            raise ValidationError({"phone": exc.messages}) from None
    row = User.objects.select_for_update().get(pk=user.pk)
    # Only these fields are logged: a snapshot of the whole user would put the password hash in the log.
    before = {name: getattr(row, name) for name in PROFILE_FIELDS}
    for name, value in fields.items():
        setattr(row, name, value)
    row.full_clean(exclude=[f.name for f in User._meta.concrete_fields if f.name not in PROFILE_FIELDS])
    after = {name: getattr(row, name) for name in PROFILE_FIELDS}
    if after == before:
        return row
    row.save(update_fields=list(fields))
    record_change(actor=actor, instance=row, action=ChangeAction.UPDATE, before=before, after=after, source=source)
    return row


def office_settings_fields() -> tuple[str, ...]:
    """The settings an office may change: every editable field but the region it is keyed by."""
    return tuple(f.name for f in OfficeSettings._meta.concrete_fields if f.editable and f.name not in ("id", "region"))


@transaction.atomic
def office_settings_update(
    *, actor: User, region_code: str, source: str = ChangeSource.WEB, **fields: Any
) -> OfficeSettings:
    """Save the settings of the office of ``region_code`` (a province or kabupaten/kota), creating its row on
    first save with the defaults for what is not given. An administrator may for any office; a province or
    kabupaten/kota officer for their own region's. Nothing changes and nothing is logged when the values are
    those already saved. Switching the health rule set rescores nothing: see docs/health-assessment.md, 1.2."""
    unknown = sorted(set(fields) - set(office_settings_fields()))
    if unknown:
        raise ValidationError({name: _("Not an office setting.") for name in unknown})
    region = Region.objects.filter(pk=region_code).first()
    if region is None:
        raise ValidationError({"region": _("Unknown region code “%(code)s”.") % {"code": region_code}})
    if region.level not in OFFICE_LEVELS:
        raise ValidationError(
            {
                "region": _("An office serves a province or a regency/city, not %(name)s.")
                % {"name": region.display_name}
            }
        )
    require_office_manage(actor, region.code)
    row = OfficeSettings.objects.select_for_update().filter(region=region).first()
    before = snapshot(row) if row is not None else None
    if row is None:
        default = office_settings_default()
        row = OfficeSettings(region=region, **{name: getattr(default, name) for name in office_settings_fields()})
    for name, value in fields.items():
        setattr(row, name, value)
    row.full_clean()
    if before is not None and snapshot(row) == before:
        return row
    row.save()
    after = snapshot(row)
    action = ChangeAction.CREATE if before is None else ChangeAction.UPDATE
    record_change(actor=actor, instance=row, action=action, before=before, after=after, source=source)
    return row
