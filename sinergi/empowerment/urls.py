"""Empowerment pages, mounted at /pemberdayaan/ (Indonesian paths, as the other pages)."""

from django.urls import URLPattern, path

from sinergi.empowerment import views

urlpatterns: list[URLPattern] = [
    path("", views.GroupList.as_view(), name="empowerment_group_list"),
    path("kelompok/<int:pk>/", views.GroupDetail.as_view(), name="empowerment_group_detail"),
    path("kelompok/<int:pk>/konfirmasi/", views.GroupConfirm.as_view(), name="empowerment_group_confirm"),
    path("kelompok/<int:pk>/kunjungan/", views.VisitCreate.as_view(), name="empowerment_visit_create"),
    path("kelompok/<int:pk>/program/", views.GroupEnroll.as_view(), name="empowerment_group_enroll"),
    path("kelompok/<int:pk>/ubah-bentuk/", views.GroupConvertPage.as_view(), name="empowerment_group_convert"),
    path("kelompok/<int:pk>/bubarkan/", views.GroupDissolvePage.as_view(), name="empowerment_group_dissolve"),
    path("anggota/<int:pk>/", views.HouseholdPage.as_view(), name="empowerment_household"),
    path("anggota/<int:pk>/pindah/", views.MemberMove.as_view(), name="empowerment_member_move"),
    path("anggota/<int:pk>/keluarkan/", views.MemberRemove.as_view(), name="empowerment_member_remove"),
    path("anggota/<int:pk>/ketua/", views.MemberLeader.as_view(), name="empowerment_member_leader"),
    path("draf/", views.DraftPage.as_view(), name="empowerment_draft"),
    path("draf/<str:code>/", views.DraftReview.as_view(), name="empowerment_drafts"),
    path("calon/", views.CandidateList.as_view(), name="empowerment_candidates"),
    path("potensi/", views.PotentialList.as_view(), name="empowerment_potential_list"),
    path("potensi/baru/", views.PotentialFormPage.as_view(), name="empowerment_potential_create"),
    path("potensi/<int:pk>/", views.PotentialFormPage.as_view(), name="empowerment_potential_edit"),
    path("potensi/impor/", views.PotentialImportPage.as_view(), name="empowerment_potential_import"),
    path("angka/", views.FiguresPage.as_view(), name="empowerment_figures"),
]
