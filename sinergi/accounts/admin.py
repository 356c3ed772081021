"""Admin for users and tokens. Edits made here are change-logged like any other write."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from sinergi.accounts.models import ApiToken, User
from sinergi.core.admin import ChangeLoggedAdminMixin


@admin.register(User)
class SinergiUserAdmin(ChangeLoggedAdminMixin, UserAdmin[User]):
    hidden_in_log = ("password",)
    list_display = ("username", "first_name", "role", "is_active", "last_login")
    list_filter = ("role", "is_active")
    filter_horizontal = ("regions",)
    raw_id_fields = ("association", "person")
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        (_("Sinergi access"), {"fields": ("role", "regions", "association", "person")}),
    )


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("prefix", "key_hash", "created_at", "last_used_at")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # tokens are made on the account page, which shows the raw value once
