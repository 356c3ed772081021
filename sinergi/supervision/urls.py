"""Supervision pages, mounted at /pengawasan/. Paths are Indonesian: officers read and share them."""

from django.urls import URLPattern, path

from sinergi.supervision import views

urlpatterns: list[URLPattern] = [
    path("", views.supervision_home, name="supervision_home"),
    path("rencana/", views.PlanList.as_view(), name="supervision_plan_list"),
    path("rencana/baru/", views.PlanFormPage.as_view(), name="supervision_plan_create"),
    path("rencana/<int:pk>/", views.PlanDetail.as_view(), name="supervision_plan_detail"),
    path("rencana/<int:pk>/ubah/", views.PlanFormPage.as_view(), name="supervision_plan_edit"),
    path("pemeriksaan/baru/", views.InspectionFormPage.as_view(), name="supervision_inspection_create"),
    path("pemeriksaan/<int:pk>/", views.InspectionDetail.as_view(), name="supervision_inspection_detail"),
    path("pemeriksaan/<int:pk>/ubah/", views.InspectionFormPage.as_view(), name="supervision_inspection_edit"),
    path("pemeriksaan/<int:pk>/temuan/", views.FindingAdd.as_view(), name="supervision_finding_add"),
    path("temuan/<int:pk>/hapus/", views.FindingRemove.as_view(), name="supervision_finding_remove"),
    path("temuan/<int:pk>/tindak-lanjut/", views.FollowUpAdd.as_view(), name="supervision_follow_up_add"),
    path("tindak-lanjut/<int:pk>/", views.FollowUpUpdate.as_view(), name="supervision_follow_up_update"),
]
