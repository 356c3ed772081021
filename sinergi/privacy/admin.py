"""The access log and erasures are read-only in the admin: they are records, not data to edit."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from sinergi.privacy.models import AccessRecord, CorrectionRequest, Erasure, RetentionPolicy


class _ReadOnly(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AccessRecord)
class AccessRecordAdmin(_ReadOnly):
    list_display = ("time", "actor", "person_id", "region_code", "fields", "purpose", "path")
    list_filter = ("purpose",)
    search_fields = ("actor__username", "=person_id", "region_code")


@admin.register(Erasure)
class ErasureAdmin(_ReadOnly):
    list_display = ("time", "actor", "person_id", "pseudonym", "region_code")


@admin.register(CorrectionRequest)
class CorrectionRequestAdmin(_ReadOnly):
    list_display = ("received_on", "person", "status", "closed_at")
    list_filter = ("status",)


@admin.register(RetentionPolicy)
class RetentionPolicyAdmin(_ReadOnly):
    list_display = ("region", "kept", "updated_at")
