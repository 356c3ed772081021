"""Writes to legal documents."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.accounts.models import User
from sinergi.core.changelog import snapshot
from sinergi.core.models import ChangeSource
from sinergi.core.validators import (
    normalize_nib,
    normalize_npwp,
)
from sinergi.registry.models import (
    Business,
    DocumentKind,
    LegalDocument,
)
from sinergi.registry.services._base import (
    DOCUMENT_FIELDS,
    _delete_logged,
    _pick,
    _save_logged,
    require_business_write,
)
from sinergi.registry.services.businesses import _refresh_business

# Document kinds whose number has a national format; other kinds are stored as written.
NUMBER_FORMATS = {DocumentKind.NIB: normalize_nib, DocumentKind.NPWP: normalize_npwp}


def _clean_document(values: dict[str, Any], *, instance_pk: int | None) -> dict[str, Any]:
    errors: dict[str, str] = {}
    kind = values.get("kind")
    if kind not in DocumentKind.values:
        errors["kind"] = _("Unknown document kind “%(kind)s”.") % {"kind": kind}
    number = " ".join(str(values.get("number") or "").split())
    if not number:
        errors["number"] = _("The document number is required.")
    elif kind in NUMBER_FORMATS:
        try:
            number = NUMBER_FORMATS[kind](number)
        except ValidationError as exc:
            errors["number"] = exc.messages[0]
    values["number"] = number
    issued, expires = values.get("issued_on"), values.get("expires_on")
    if issued and issued > timezone.localdate():
        errors["issued_on"] = _("The issue date cannot be in the future.")
    if issued and expires and expires < issued:
        errors["expires_on"] = _("The expiry date is before the issue date.")
    if (
        "number" not in errors
        and kind in DocumentKind.values
        and LegalDocument.objects.filter(kind=kind, number=number).exclude(pk=instance_pk or 0).exists()
    ):
        errors["number"] = _("This number is already registered to another business.")
    if errors:
        raise ValidationError(errors)
    values["issuer"] = values.get("issuer") or ""
    values["notes"] = values.get("notes") or ""
    return values


@transaction.atomic
def legal_document_create(
    *, actor: User, business: Business, data: Mapping[str, Any], source: str = ChangeSource.WEB
) -> LegalDocument:
    require_business_write(actor, business)
    values = _clean_document(_pick(data, DOCUMENT_FIELDS), instance_pk=None)
    document = LegalDocument(business=business, **values)
    _save_logged(actor=actor, instance=document, before=None, source=source)
    _refresh_business(business=business)
    return document


@transaction.atomic
def legal_document_update(
    *, actor: User, document: LegalDocument, data: Mapping[str, Any], source: str = ChangeSource.WEB
) -> LegalDocument:
    document = LegalDocument.objects.select_for_update().select_related("business").get(pk=document.pk)
    require_business_write(actor, document.business)
    before = snapshot(document)
    values = _clean_document(
        {**{f: getattr(document, f) for f in DOCUMENT_FIELDS}, **_pick(data, DOCUMENT_FIELDS)}, instance_pk=document.pk
    )
    for k, v in values.items():
        setattr(document, k, v)
    _save_logged(actor=actor, instance=document, before=before, source=source)
    _refresh_business(business=document.business)
    return document


@transaction.atomic
def legal_document_delete(*, actor: User, document: LegalDocument, source: str = ChangeSource.WEB) -> None:
    business = document.business
    require_business_write(actor, business)
    _delete_logged(actor=actor, instance=document, source=source)
    _refresh_business(business=business)
