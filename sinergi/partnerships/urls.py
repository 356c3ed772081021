"""Partnerships pages, mounted at /kemitraan/ (Indonesian paths: officers share them)."""

from django.urls import URLPattern, path

from sinergi.partnerships import views

urlpatterns: list[URLPattern] = [
    path("", views.PartnerList.as_view(), name="partnership_partner_list"),
    path("mitra/baru/", views.PartnerFormPage.as_view(), name="partnership_partner_create"),
    path("mitra/<int:pk>/", views.PartnerDetail.as_view(), name="partnership_partner_detail"),
    path("mitra/<int:pk>/ubah/", views.PartnerFormPage.as_view(), name="partnership_partner_edit"),
    path("mitra/<int:pk>/kebutuhan/", views.NeedAdd.as_view(), name="partnership_need_add"),
    path("mitra/<int:pk>/kebutuhan/<int:need_pk>/hapus/", views.NeedRemove.as_view(), name="partnership_need_remove"),
    path("kebutuhan/<int:pk>/", views.NeedMatches.as_view(), name="partnership_need_detail"),
    path("usaha/<int:pk>/", views.BusinessPartners.as_view(), name="partnership_business_partners"),
    path("perjanjian/", views.PartnershipList.as_view(), name="partnership_list"),
    path("perjanjian/baru/", views.PartnershipFormPage.as_view(), name="partnership_create"),
    path("perjanjian/<int:pk>/", views.PartnershipDetail.as_view(), name="partnership_detail"),
    path("perjanjian/<int:pk>/ubah/", views.PartnershipFormPage.as_view(), name="partnership_edit"),
    path("perjanjian/<int:pk>/status/", views.StatusChange.as_view(), name="partnership_status"),
    path("perjanjian/<int:pk>/usaha/", views.PartyAdd.as_view(), name="partnership_party_add"),
    path(
        "perjanjian/<int:pk>/usaha/<int:party_pk>/hapus/",
        views.PartyRemove.as_view(),
        name="partnership_party_remove",
    ),
    path("perjanjian/<int:pk>/hasil/", views.OutcomeSet.as_view(), name="partnership_outcome"),
    path("perjanjian/<int:pk>/dokumen/", views.DocumentAdd.as_view(), name="partnership_document_add"),
    path(
        "perjanjian/<int:pk>/dokumen/<int:document_pk>/hapus/",
        views.DocumentRemove.as_view(),
        name="partnership_document_remove",
    ),
    path("dokumen/<int:pk>/", views.document_file, name="partnership_document_file"),
]
