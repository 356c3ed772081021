"""Annual-report import pages, under /koperasi-impor/."""

from django.urls import URLPattern, path

from sinergi.cooperatives import import_views as views

urlpatterns: list[URLPattern] = [
    path("", views.report_import, name="coop_import"),
    path("templat.xlsx", views.report_import_template, name="coop_import_template"),
    path("<int:pk>/", views.report_import_result, name="coop_import_result"),
    path("<int:pk>/ditolak.xlsx", views.report_import_rejections, name="coop_import_rejections"),
]
