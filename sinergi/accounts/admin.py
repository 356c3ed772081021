"""Admin for users and tokens. Edits made here are change-logged like any other write."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from sinergi.accounts.models import ApiToken, User
from sinergi.core.changelog import record_change, snapshot
from sinergi.core.models import ChangeAction, ChangeSource


@admin.register(User)
class SinergiUserAdmin(UserAdmin[User]):
    list_display = ("username", "first_name", "role", "is_active", "last_login")
    list_filter = ("role", "is_active")
    filter_horizontal = ("regions",)
    raw_id_fields = ("association", "person")
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        (_("Sinergi access"), {"fields": ("role", "regions", "association", "person")}),
    )

    def save_model(self, request: HttpRequest, obj: User, form: ModelForm[User], change: bool) -> None:
        before = snapshot(User.objects.get(pk=obj.pk)) if change and obj.pk else None
        super().save_model(request, obj, form, change)
        after = snapshot(obj)
        for s in (before, after):
            if s is not None:
                s.pop("password", None)
        record_change(
            actor=request.user,
            instance=obj,
            action=ChangeAction.UPDATE if change else ChangeAction.CREATE,
            before=before,
            after=after,
            source=ChangeSource.WEB,
        )


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("prefix", "key_hash", "created_at", "last_used_at")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # tokens are made on the account page, which shows the raw value once
