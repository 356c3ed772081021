"""Purchasing pages, mounted at /belanja-asn/ (Indonesian paths: officers and civil servants share them)."""

from django.urls import URLPattern, path

from sinergi.purchasing import views

urlpatterns: list[URLPattern] = [
    path("", views.PurchaseList.as_view(), name="purchasing_purchase_list"),
    path("baru/", views.PurchaseFormPage.as_view(), name="purchasing_purchase_create"),
    path("<int:pk>/", views.PurchaseDetail.as_view(), name="purchasing_purchase_detail"),
    path("opd/", views.AgencyList.as_view(), name="purchasing_agency_list"),
    path("opd/<int:pk>/", views.AgencyDetail.as_view(), name="purchasing_agency_detail"),
    path("program/", views.ProgramList.as_view(), name="purchasing_program_list"),
    path("program/<int:pk>/", views.ProgramDetail.as_view(), name="purchasing_program_detail"),
]
