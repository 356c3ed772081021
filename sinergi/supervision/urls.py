"""Supervision pages, mounted at /pengawasan/. Paths are Indonesian: officers read and share them."""

from django.urls import URLPattern, path

from sinergi.supervision import views

urlpatterns: list[URLPattern] = [
    path("", views.supervision_home, name="supervision_home"),
    path("rencana/", views.plan_list, name="supervision_plan_list"),
    path("rencana/baru/", views.plan_create, name="supervision_plan_create"),
    path("rencana/<int:pk>/", views.plan_detail, name="supervision_plan_detail"),
    path("rencana/<int:pk>/ubah/", views.plan_edit, name="supervision_plan_edit"),
    path("pemeriksaan/baru/", views.inspection_create, name="supervision_inspection_create"),
    path("pemeriksaan/<int:pk>/", views.inspection_detail, name="supervision_inspection_detail"),
    path("pemeriksaan/<int:pk>/ubah/", views.inspection_edit, name="supervision_inspection_edit"),
    path("pemeriksaan/<int:pk>/temuan/", views.finding_add, name="supervision_finding_add"),
    path("temuan/<int:pk>/hapus/", views.finding_remove, name="supervision_finding_remove"),
    path("temuan/<int:pk>/tindak-lanjut/", views.follow_up_add, name="supervision_follow_up_add"),
    path("tindak-lanjut/<int:pk>/", views.follow_up_update, name="supervision_follow_up_update"),
]
