"""Admin pieces shared by the apps: change-logged saves, and the change log itself (read-only everywhere)."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib import admin
from django.db import models
from django.forms import ModelForm
from django.http import HttpRequest

from sinergi.core.changelog import record_change, record_deleted, snapshot
from sinergi.core.models import ChangeAction, ChangeLog, ChangeSource


class ChangeLoggedAdminMixin:
    """Saves and deletes made in the admin leave change-log rows like any service write."""

    hidden_in_log: ClassVar[tuple[str, ...]] = ()

    def _snapshot(self, obj: models.Model) -> dict[str, Any]:
        data = snapshot(obj)
        for name in self.hidden_in_log:
            data.pop(name, None)
        return data

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm[Any], change: bool) -> None:
        before = self._snapshot(type(obj).objects.get(pk=obj.pk)) if change and obj.pk else None
        super().save_model(request, obj, form, change)  # type: ignore[misc]
        record_change(
            actor=request.user,
            instance=obj,
            action=ChangeAction.UPDATE if change else ChangeAction.CREATE,
            before=before,
            after=self._snapshot(obj),
            source=ChangeSource.WEB,
        )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        record_deleted(actor=request.user, instance=obj, before=self._snapshot(obj))
        super().delete_model(request, obj)  # type: ignore[misc]


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    """Shown, never written: the record's writes belong to its services."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ChangeLog)
class ChangeLogAdmin(ReadOnlyAdmin):
    list_display = ("time", "actor", "source", "action", "content_type", "object_repr")
    list_filter = ("source", "action", "content_type")
    search_fields = ("object_repr", "object_id")
    date_hierarchy = "time"
