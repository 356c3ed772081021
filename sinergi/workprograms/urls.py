"""Work-program pages (paths in Indonesian, as the others)."""

from django.urls import URLPattern, path

from sinergi.workprograms import views

urlpatterns: list[URLPattern] = [
    path("", views.ProgramList.as_view(), name="workprogram_list"),
    path("skor/", views.ScorecardList.as_view(), name="workprogram_scorecards"),
    path("asosiasi/", views.StandingList.as_view(), name="workprogram_standing"),
    path("asosiasi/<int:pk>/", views.AssociationPrograms.as_view(), name="workprogram_association"),
    path("asosiasi/<int:pk>/baru/", views.ProgramCreate.as_view(), name="workprogram_create"),
    path("<int:pk>/", views.ProgramDetail.as_view(), name="workprogram_detail"),
    path("<int:pk>/ubah/", views.ProgramFormPage.as_view(), name="workprogram_edit"),
    path("<int:pk>/kegiatan/", views.ItemAdd.as_view(), name="workprogram_item_add"),
    path("<int:pk>/kegiatan/<int:item_pk>/hapus/", views.ItemRemove.as_view(), name="workprogram_item_remove"),
    path("<int:pk>/langkah/<slug:step>/", views.program_step, name="workprogram_step"),
    path("<int:pk>/tinjau/", views.program_review, name="workprogram_review"),
    path("kegiatan/<int:pk>/ubah/", views.ItemEdit.as_view(), name="workprogram_item_edit"),
    path("kegiatan/<int:pk>/laporan/", views.ProgressAdd.as_view(), name="workprogram_progress_add"),
    path("bukti/<int:pk>/", views.evidence_file, name="workprogram_evidence"),
    path("bukti/<int:pk>/kecil/", views.evidence_file, {"thumb": True}, name="workprogram_evidence_thumb"),
]
