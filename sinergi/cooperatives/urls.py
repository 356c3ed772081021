"""Cooperative pages, under /koperasi/. Paths are Indonesian, as in the registry: officers read and share them."""

from django.urls import URLPattern, path

from sinergi.cooperatives import views
from sinergi.cooperatives.views import imports

urlpatterns: list[URLPattern] = [
    path("", views.CooperativeList.as_view(), name="cooperative_list"),
    path("baru/", views.CooperativeFormPage.as_view(), name="cooperative_create"),
    path("<int:pk>/", views.CooperativeDetail.as_view(), name="cooperative_detail"),
    path("<int:pk>/ubah/", views.CooperativeFormPage.as_view(), name="cooperative_edit"),
    path("<int:pk>/pengurus/", views.OfficerAdd.as_view(), name="cooperative_officer_add"),
    path("<int:pk>/pengurus/<int:officer_pk>/hapus/", views.OfficerRemove.as_view(), name="cooperative_officer_remove"),
    path("<int:pk>/anggota/", views.MemberAdd.as_view(), name="cooperative_member_add"),
    path("<int:pk>/anggota/<int:member_pk>/hapus/", views.MemberRemove.as_view(), name="cooperative_member_remove"),
    path("<int:pk>/laporan/", views.annual_report_pick, name="annual_report_pick"),
    path("<int:pk>/laporan/<int:year>/", views.annual_report, name="annual_report"),
    path("penilaian/<int:pk>/", views.cooperative_assessment, name="cooperative_assessment"),
    path("penilaian/nilai-ulang/", views.cooperative_assessments_start, name="cooperative_assessments_start"),
    path(
        "penilaian/<int:pk>/nilai-ulang/", views.cooperative_assessment_rescore, name="cooperative_assessment_rescore"
    ),
]

# The indicators sit in the supervision section (/pengawasan/indikator/), beside the risk ranking; sinergi/urls.py
# mounts them there, next to the supervision app's pages.
indicator_urlpatterns: list[URLPattern] = [
    path("indikator/", views.indicators, name="coop_indicators"),
    path("indikator.xlsx", views.indicators_export_xlsx, name="coop_indicators_xlsx"),
]

# The annual-report import pages, mounted under /koperasi-impor/ by sinergi/urls.py.
import_urlpatterns: list[URLPattern] = [
    path("", imports.report_import, name="coop_import"),
    path("templat.xlsx", imports.report_import_template, name="coop_import_template"),
    path("<int:pk>/", imports.report_import_result, name="coop_import_result"),
    path("<int:pk>/ditolak.xlsx", imports.report_import_rejections, name="coop_import_rejections"),
]
