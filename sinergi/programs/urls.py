"""Program pages, under /program/. Paths are Indonesian, as in the registry: officers read and share them."""

from django.urls import URLPattern, path

from sinergi.programs import views

urlpatterns: list[URLPattern] = [
    path("", views.ProgramList.as_view(), name="program_list"),
    path("baru/", views.ProgramFormPage.as_view(), name="program_create"),
    path("laporan/", views.beneficiaries_report, name="program_beneficiaries"),
    path("laporan/penerima.xlsx", views.beneficiaries_export, name="program_beneficiaries_xlsx"),
    path("<int:pk>/", views.ProgramDetail.as_view(), name="program_detail"),
    path("<int:pk>/ubah/", views.ProgramFormPage.as_view(), name="program_edit"),
    path("<int:pk>/hapus/", views.program_delete, name="program_delete"),
    path("<int:pk>/status/", views.program_transition, name="program_transition"),
    path("<int:pk>/anggaran/", views.BudgetLineAdd.as_view(), name="program_budget_line_add"),
    path("<int:pk>/anggaran/<int:line_pk>/hapus/", views.BudgetLineRemove.as_view(), name="program_budget_line_remove"),
    path("<int:pk>/realisasi/", views.RealisationAdd.as_view(), name="program_realisation_add"),
    path("<int:pk>/syarat/", views.RuleAdd.as_view(), name="program_rule_add"),
    path("<int:pk>/syarat/<int:rule_pk>/hapus/", views.RuleRemove.as_view(), name="program_rule_remove"),
    path("<int:pk>/daftar/", views.self_apply, name="program_self_apply"),
    path("<int:pk>/pendaftar/", views.ApplicationAdd.as_view(), name="program_application_add"),
    path("<int:pk>/pendaftar/cari/", views.applicant_search, name="program_applicant_search"),
    path(
        "<int:pk>/pendaftar/<int:application_pk>/tarik/",
        views.ApplicationWithdraw.as_view(),
        name="program_application_withdraw",
    ),
    path("<int:pk>/pendaftar/impor/", views.applicant_import, name="program_applicant_import"),
    path("<int:pk>/pendaftar/impor/<int:job>/", views.applicant_import_result, name="program_applicant_import_result"),
    path(
        "<int:pk>/pendaftar/impor/<int:job>/ditolak.xlsx",
        views.applicant_import_rejections,
        name="program_applicant_import_rejections",
    ),
    path("<int:pk>/seleksi/", views.selection_run, name="program_selection_run"),
    path("<int:pk>/seleksi/<int:run_pk>/", views.run_detail, name="program_run"),
    path("<int:pk>/seleksi/<int:run_pk>/terima/", views.run_accept, name="program_run_accept"),
    path("<int:pk>/seleksi/<int:run_pk>/terbitkan/", views.run_publish, name="program_run_publish"),
    path("<int:pk>/peserta/", views.EnrollmentAdd.as_view(), name="program_enrollment_add"),
    path("<int:pk>/peserta/<int:enrollment_pk>/", views.enrollment_update, name="program_enrollment_update"),
    path("<int:pk>/peserta/<int:enrollment_pk>/rincian/", views.participant_detail, name="program_participant"),
    path("<int:pk>/peserta/<int:enrollment_pk>/bantuan/", views.aid_add, name="program_participant_aid"),
    path("<int:pk>/peserta/<int:enrollment_pk>/kunjungan/", views.visit_add, name="program_participant_visit"),
    path("<int:pk>/peserta/<int:enrollment_pk>/hasil/", views.outcome_add, name="program_participant_outcome"),
    path("<int:pk>/sesi/", views.SessionAdd.as_view(), name="program_session_add"),
    path("<int:pk>/sesi/<int:session_pk>/", views.session_sheet, name="program_session"),
    path("laporan-seleksi/<int:run_pk>/", views.public_report, name="program_public_report"),
    path("penerima/usaha/<int:pk>/", views.business_programs, name="program_business_history"),
    path("penerima/orang/<int:pk>/", views.person_programs, name="program_person_history"),
]
