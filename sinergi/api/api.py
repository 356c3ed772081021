"""The HTTP API at /api/v1/, assembled from each app's api.py."""

from ninja import NinjaAPI

api = NinjaAPI(title="Sinergi API", version="1", urls_namespace="api")
