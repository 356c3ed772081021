"""Registry pages. Paths are Indonesian because officers read them in the address bar and share them."""

from django.urls import URLPattern, path

from sinergi.registry import views

urlpatterns: list[URLPattern] = [
    path("usaha/", views.BusinessList.as_view(), name="business_list"),
    path("usaha/ekspor.csv", views.BusinessList.as_view(export_format="csv"), name="business_export_csv"),
    path("usaha/ekspor.xlsx", views.BusinessList.as_view(export_format="xlsx"), name="business_export_xlsx"),
    path("usaha/baru/", views.BusinessFormPage.as_view(), name="business_create"),
    path("usaha/<int:pk>/", views.BusinessDetail.as_view(), name="business_detail"),
    path("usaha/<int:pk>/ubah/", views.BusinessFormPage.as_view(), name="business_edit"),
    path("usaha/<int:pk>/dokumen/baru/", views.DocumentAdd.as_view(), name="document_create"),
    path("usaha/<int:pk>/tahun/baru/", views.YearAdd.as_view(), name="year_create"),
    path("dokumen/<int:pk>/ubah/", views.DocumentEdit.as_view(), name="document_edit"),
    path("dokumen/<int:pk>/hapus/", views.DocumentDelete.as_view(), name="document_delete"),
    path("orang/<int:pk>/", views.person_detail, name="person_detail"),
    path("orang/<int:pk>/ubah/", views.PersonEdit.as_view(), name="person_edit"),
    path("asosiasi/", views.AssociationList.as_view(), name="association_list"),
    path("asosiasi/<int:pk>/", views.AssociationDetail.as_view(), name="association_detail"),
    path("asosiasi/<int:pk>/pengurus/", views.BoardAdd.as_view(), name="board_add"),
    path("asosiasi/<int:pk>/pengurus/<int:seat_pk>/hapus/", views.BoardRemove.as_view(), name="board_remove"),
    path("asosiasi/<int:pk>/anggota/", views.MemberAdd.as_view(), name="member_add"),
    path("asosiasi/<int:pk>/anggota/<int:membership_pk>/hapus/", views.MemberRemove.as_view(), name="member_remove"),
    path("wilayah/pilih/", views.region_picker_view, name="region_picker"),
]
