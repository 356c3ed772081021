"""Duplicate review pages, under /ganda/ (data ganda: duplicate records)."""

from django.urls import URLPattern, path

from sinergi.ingest import linkage_views

urlpatterns: list[URLPattern] = [
    path("", linkage_views.review_queue, name="review_queue"),
    path("cari/", linkage_views.review_run, name="review_run"),
    path("<int:pk>/putuskan/", linkage_views.review_decide, name="review_decide"),
    path("penggabungan/", linkage_views.merge_list, name="merge_list"),
    path("penggabungan/<int:pk>/batalkan/", linkage_views.merge_undo, name="merge_undo"),
]
