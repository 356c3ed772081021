"""The HTTP API at /api/v1/, assembled from each app's api.py.

Callers authenticate with `Authorization: Bearer <token>` (made with `manage.py api_token_create`) or,
from the site's own pages, with their session (unsafe methods then also need the CSRF token). Errors are
RFC 9457 problem JSON; lists are keyset-paginated.
"""

from sinergi.api import errors
from sinergi.api.auth import API_AUTH
from sinergi.api.docs import LocalSwagger, SinergiAPI, docs_asset
from sinergi.aspirations.api import router as aspirations_router
from sinergi.cooperatives.api import router as cooperatives_router
from sinergi.empowerment.api import router as empowerment_router
from sinergi.fieldsync.api import router as fieldsync_router
from sinergi.indicators.api import router as indicators_router
from sinergi.ingest.api import router as ingest_router
from sinergi.linkage.api import router as linkage_router
from sinergi.market.api import router as market_router
from sinergi.notifications.api import router as notifications_router
from sinergi.opendata.api import router as opendata_router
from sinergi.partnerships.api import router as partnerships_router
from sinergi.privacy.api import router as privacy_router
from sinergi.programs.api import router as programs_router
from sinergi.purchasing.api import router as purchasing_router
from sinergi.regions.api import router as regions_router
from sinergi.registry.api import router as registry_router
from sinergi.reports.api import router as reports_router
from sinergi.supervision.api import router as supervision_router
from sinergi.workprograms.api import router as workprograms_router

DESCRIPTION = """
Sinergi's registry of businesses (UMKM), persons, legal documents and associations, and the Kemendagri
region list. Every record is scoped to the caller's regions: a record outside them answers 404, as a
missing one does.

* Authentication: `Authorization: Bearer <token>`, or the signed-in session of the site (with the CSRF
  token for POST, PATCH, PUT and DELETE).
* Lists: keyset pagination. Each page has `items` and `next`; pass `next` back as `cursor` for the
  following page. `limit` is 1–200 (default 25). `total` is counted only with `with_total=true`.
* Errors: problem JSON (`type`, `title`, `status`, `detail`, and `errors` {field: [messages]} on 422),
  in the language of `Accept-Language` (Bahasa Indonesia or English).
* Money is a decimal string (rupiah, 2 places), dates are ISO 8601.
"""

api = SinergiAPI(
    title="Sinergi API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=API_AUTH,
    docs=LocalSwagger(),
)
errors.install(api)
api.get("/docs/assets/{name}", auth=None, include_in_schema=False, url_name="docs-asset")(docs_asset)
api.add_router("/", regions_router)
api.add_router("/", registry_router)
api.add_router("/", ingest_router)
api.add_router("/", linkage_router)
api.add_router("/", supervision_router)
api.add_router("/", cooperatives_router)
api.add_router("/", programs_router)
api.add_router("/", privacy_router)
api.add_router("/", notifications_router)
api.add_router("/", workprograms_router)
api.add_router("/", market_router)
api.add_router("/", purchasing_router)
api.add_router("/", partnerships_router)
api.add_router("/", aspirations_router)
api.add_router("/", indicators_router)
api.add_router("/", reports_router)
api.add_router("/", opendata_router)
api.add_router("/", fieldsync_router)
api.add_router("/", empowerment_router)
