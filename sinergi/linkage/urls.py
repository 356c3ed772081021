"""Duplicate review pages, under /ganda/ (data ganda: duplicate records), and the import page's button.

``import_urlpatterns`` sit under /impor/ beside the import pages: the button that looks for duplicates
of an import's records belongs to linkage, and the import app does not import linkage.
"""

from django.urls import URLPattern, path

from sinergi.linkage import views

urlpatterns: list[URLPattern] = [
    path("", views.review_queue, name="review_queue"),
    path("cari/", views.review_run, name="review_run"),
    path("<int:pk>/putuskan/", views.review_decide, name="review_decide"),
    path("penggabungan/", views.MergeList.as_view(), name="merge_list"),
    path("penggabungan/<int:pk>/batalkan/", views.merge_undo, name="merge_undo"),
]

import_urlpatterns: list[URLPattern] = [
    path("<int:pk>/cari-ganda/", views.import_find_duplicates, name="import_find_duplicates"),
]
