"""Personal-data pages (paths in Indonesian, as the others)."""

from django.urls import URLPattern, path

from sinergi.privacy import views
from sinergi.registry.views.persons import person_nik_search

urlpatterns: list[URLPattern] = [
    path("cari-nik/", person_nik_search, name="person_nik_search"),
    path("akses/", views.access_log, name="privacy_access_log"),
    path("retensi/", views.retention, name="privacy_retention"),
    path("orang/<int:pk>/", views.person_privacy, name="privacy_person"),
    path("orang/<int:pk>/data.json", views.person_export, name="privacy_person_export"),
    path("orang/<int:pk>/koreksi/", views.correction_add, name="privacy_correction_add"),
    path("orang/<int:pk>/hapus/", views.person_erase, name="privacy_person_erase"),
    path("koreksi/<int:pk>/status/", views.correction_status, name="privacy_correction_status"),
]
