"""Top-level URLs: pages, accounts, the API and the admin."""

from django.contrib import admin
from django.urls import include, path

from sinergi.api import errors
from sinergi.api_root import api
from sinergi.aspirations.urls import public_urlpatterns as aspiration_public_urlpatterns
from sinergi.cooperatives.urls import import_urlpatterns as coop_import_urlpatterns
from sinergi.cooperatives.urls import indicator_urlpatterns
from sinergi.core.views.health import healthz
from sinergi.insights.dashboard import indicator_dashboard
from sinergi.insights.views import home
from sinergi.linkage.urls import import_urlpatterns as linkage_import_urlpatterns
from sinergi.opendata.urls import ckan_unversioned_urlpatterns, ckan_urlpatterns
from sinergi.opendata.urls import public_urlpatterns as opendata_public_urlpatterns

urlpatterns = [
    path("", home, name="home"),
    path("indikator/", indicator_dashboard, name="indicator_dashboard"),
    path("", include("sinergi.registry.urls")),
    path("koperasi/", include("sinergi.cooperatives.urls")),
    path("koperasi-impor/", include(coop_import_urlpatterns)),
    path("pengawasan/", include("sinergi.supervision.urls")),
    path("pengawasan/", include(indicator_urlpatterns)),
    path("program/", include("sinergi.programs.urls")),
    path("akun/", include("sinergi.accounts.urls")),
    path("impor/", include("sinergi.ingest.urls")),
    path("impor/", include(linkage_import_urlpatterns)),
    path("ganda/", include("sinergi.linkage.urls")),
    path("privasi/", include("sinergi.privacy.urls")),
    path("notifikasi/", include("sinergi.notifications.urls")),
    path("program-kerja/", include("sinergi.workprograms.urls")),
    path("pasar/", include("sinergi.market.urls")),
    path("laporan/", include("sinergi.reports.urls")),
    path("satu-data/", include("sinergi.opendata.urls")),
    path("peta-jalan/", include("sinergi.indicators.urls")),
    path("data/", include(opendata_public_urlpatterns)),
    path("api/3/action/", include(ckan_urlpatterns)),
    path("api/action/", include(ckan_unversioned_urlpatterns)),
    path("belanja-asn/", include("sinergi.purchasing.urls")),
    path("kemitraan/", include("sinergi.partnerships.urls")),
    path("pemberdayaan/", include("sinergi.empowerment.urls")),
    path("lapangan/", include("sinergi.fieldsync.urls")),
    path("aspirasi/", include("sinergi.aspirations.urls")),
    path("aspirasi-publik/", include(aspiration_public_urlpatterns)),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
]

# Under /api/ an unknown path or a failure outside the API's own handlers still answers problem JSON.
handler404 = errors.page_not_found
handler500 = errors.server_error
handler403 = "sinergi.core.views.errors.permission_denied"
