"""Report pages at /laporan/."""

from django.urls import URLPattern, path

from sinergi.reports.views import staff

urlpatterns: list[URLPattern] = [
    path("", staff.report_list, name="report_list"),
    path("<int:pk>/unduh.<str:kind>", staff.report_download, name="report_download"),
    path("ke-atas/", staff.upward, name="report_upward"),
    path("ke-atas/unduh/", staff.upward_export, name="report_upward_export"),
]
