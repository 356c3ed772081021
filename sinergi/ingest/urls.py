"""Import pages, under /impor/."""

from django.urls import URLPattern, path

from sinergi.ingest import views

urlpatterns: list[URLPattern] = [
    path("", views.import_list, name="import_list"),
    path("baru/", views.import_new, name="import_new"),
    path("templat.xlsx", views.import_template, name="import_template"),
    path("<int:pk>/", views.import_detail, name="import_detail"),
    path("<int:pk>/pemetaan/", views.import_mapping, name="import_mapping"),
    path("<int:pk>/ditolak.xlsx", views.import_rejections_xlsx, name="import_rejections_xlsx"),
]
