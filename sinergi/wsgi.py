"""WSGI entry point (gunicorn sinergi.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sinergi.settings")
django_application = get_wsgi_application()

from sinergi.core.uploads import BodyLimitWSGI  # noqa: E402  (needs the settings set up above)

# A body streamed without a length is counted against SINERGI_MAX_UPLOAD_BYTES as it arrives.
application = BodyLimitWSGI(django_application)
