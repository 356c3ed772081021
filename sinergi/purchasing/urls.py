"""Purchasing pages, mounted at /belanja-asn/ (Indonesian paths: officers and civil servants share them)."""

from django.urls import URLPattern, path

from sinergi.purchasing import views

urlpatterns: list[URLPattern] = [
    path("", views.PurchaseList.as_view(), name="purchasing_purchase_list"),
    path("baru/", views.PurchaseFormPage.as_view(), name="purchasing_purchase_create"),
    path("<int:pk>/", views.PurchaseDetail.as_view(), name="purchasing_purchase_detail"),
    path("opd/", views.AgencyList.as_view(), name="purchasing_agency_list"),
    path("opd/baru/", views.AgencyFormPage.as_view(), name="purchasing_agency_create"),
    path("opd/<int:pk>/", views.AgencyDetail.as_view(), name="purchasing_agency_detail"),
    path("opd/<int:pk>/ubah/", views.AgencyFormPage.as_view(), name="purchasing_agency_edit"),
    path("opd/<int:pk>/pegawai/", views.agency_staff_import, name="purchasing_agency_staff_import"),
    path("opd/<int:pk>/belanja/", views.BulkPurchasePage.as_view(), name="purchasing_agency_bulk"),
    path("program/", views.ProgramList.as_view(), name="purchasing_program_list"),
    path("program/baru/", views.ProgramFormPage.as_view(), name="purchasing_program_create"),
    path("program/<int:pk>/", views.ProgramDetail.as_view(), name="purchasing_program_detail"),
    path("program/<int:pk>/ubah/", views.ProgramFormPage.as_view(), name="purchasing_program_edit"),
    path("program/<int:pk>/target/", views.TargetRuleAdd.as_view(), name="purchasing_rule_add"),
    path(
        "program/<int:pk>/target/<int:asn_rule_pk>/hapus/",
        views.TargetRuleRemove.as_view(),
        name="purchasing_rule_remove",
    ),
]
