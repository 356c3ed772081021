"""Open-data pages: the office's workspace at /satu-data/, the public at /data/, CKAN at /api/3/action/."""

from django.urls import URLPattern, path

from sinergi.opendata.views import public, staff

urlpatterns: list[URLPattern] = [
    path("", staff.dataset_list, name="opendata_list"),
    path("baru/", staff.dataset_form, name="opendata_create"),
    path("<int:pk>/", staff.dataset_detail, name="opendata_detail"),
    path("<int:pk>/ubah/", staff.dataset_form, name="opendata_edit"),
    path("<int:pk>/ajukan/", staff.dataset_submit, name="opendata_submit"),
    path("<int:pk>/kembalikan/", staff.dataset_return, name="opendata_return"),
    path("<int:pk>/terbitkan/", staff.dataset_publish, name="opendata_publish"),
    path("<int:pk>/tarik/", staff.dataset_withdraw, name="opendata_withdraw"),
]

public_urlpatterns: list[URLPattern] = [
    path("", public.public_list, name="opendata_public_list"),
    path("katalog.jsonld", public.dcat, name="opendata_dcat"),
    path("<slug:slug>/", public.public_detail, name="opendata_public_detail"),
    path("<slug:slug>.<str:fmt>", public.download, name="opendata_download"),
]

ckan_urlpatterns: list[URLPattern] = [
    path("<str:action>", public.ckan_action, name="ckan_action"),
]
# ckanapi and some harvesters call /api/action/ (no version), as CKAN itself answers both.
ckan_unversioned_urlpatterns: list[URLPattern] = [
    path("<str:action>", public.ckan_action, name="ckan_action_unversioned"),
]
