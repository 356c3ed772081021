"""ASGI entry point (uvicorn sinergi.asgi:application)."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sinergi.settings")
django_application = get_asgi_application()

from sinergi.core.uploads import BodyLimitASGI  # noqa: E402  (needs the settings set up above)

# Django reads an ASGI body whole before any middleware runs: the wrapper stops it at SINERGI_MAX_UPLOAD_BYTES.
application = BodyLimitASGI(django_application)
