"""Cooperative pages, under /koperasi/. Paths are Indonesian, as in the registry: officers read and share them."""

from django.urls import URLPattern, path

from sinergi.cooperatives import views

urlpatterns: list[URLPattern] = [
    path("", views.cooperative_list, name="cooperative_list"),
    path("baru/", views.cooperative_create, name="cooperative_create"),
    path("<int:pk>/", views.cooperative_detail, name="cooperative_detail"),
    path("<int:pk>/ubah/", views.cooperative_edit, name="cooperative_edit"),
    path("<int:pk>/pengurus/", views.cooperative_officer_add, name="cooperative_officer_add"),
    path(
        "<int:pk>/pengurus/<int:officer_pk>/hapus/", views.cooperative_officer_remove, name="cooperative_officer_remove"
    ),
    path("<int:pk>/anggota/", views.cooperative_member_add, name="cooperative_member_add"),
    path("<int:pk>/anggota/<int:member_pk>/hapus/", views.cooperative_member_remove, name="cooperative_member_remove"),
    path("<int:pk>/laporan/", views.annual_report_pick, name="annual_report_pick"),
    path("<int:pk>/laporan/<int:year>/", views.annual_report, name="annual_report"),
    path("penilaian/<int:pk>/", views.cooperative_assessment, name="cooperative_assessment"),
    path("penilaian/nilai-ulang/", views.cooperative_assessments_start, name="cooperative_assessments_start"),
    path(
        "penilaian/<int:pk>/nilai-ulang/", views.cooperative_assessment_rescore, name="cooperative_assessment_rescore"
    ),
]
