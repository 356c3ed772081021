"""ASGI entry point (uvicorn sinergi.asgi:application)."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sinergi.settings")
application = get_asgi_application()
