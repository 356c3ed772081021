"""The cluster list is managed in the admin (change-logged). Other registry records are edited on the
pages, where the services check regions; the admin shows them read-only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from sinergi.core.admin import ChangeLoggedAdminMixin, ReadOnlyAdmin
from sinergi.registry.models import Association, Business, Cluster, Person


@admin.register(Cluster)
class ClusterAdmin(ChangeLoggedAdminMixin, admin.ModelAdmin[Cluster]):
    list_display = ("name", "slug", "is_active")
    list_editable = ("is_active",)
    search_fields = ("name", "slug")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # businesses point at clusters; retire one by unticking "active"


@admin.register(Business)
class BusinessAdmin(ReadOnlyAdmin):
    list_display = ("name", "desa", "cluster", "scale", "has_nib", "has_halal")
    list_filter = ("scale", "has_nib", "has_halal", "cluster")
    search_fields = ("name", "search_text")
    list_select_related = ("desa", "cluster")
    show_full_result_count = False


@admin.register(Person)
class PersonAdmin(ReadOnlyAdmin):
    list_display = ("name", "nik", "sex", "desa")
    search_fields = ("name", "nik")
    list_select_related = ("desa",)
    show_full_result_count = False


@admin.register(Association)
class AssociationAdmin(ReadOnlyAdmin):
    list_display = ("name", "region", "term_start", "term_end", "inaugurated_on")
