"""Peta Jalan pages at /peta-jalan/."""

from django.urls import URLPattern, path

from sinergi.indicators import views

urlpatterns: list[URLPattern] = [
    path("", views.RoadmapList.as_view(), name="roadmap_list"),
    path("baru/", views.RoadmapFormPage.as_view(), name="roadmap_create"),
    path("<int:pk>/", views.RoadmapDetail.as_view(), name="roadmap_detail"),
    path("<int:pk>/ubah/", views.RoadmapFormPage.as_view(), name="roadmap_edit"),
    path("<int:pk>/target/", views.TargetAdd.as_view(), name="roadmap_target_add"),
    path("<int:pk>/target/<int:target_pk>/hapus/", views.TargetRemove.as_view(), name="roadmap_target_remove"),
    path("<int:pk>/impor/", views.target_import, name="roadmap_target_import"),
]
