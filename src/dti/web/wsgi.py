"""WSGI entry point: ``gunicorn dti.web.wsgi`` (see docs/deployment.md)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dti.web.settings")
application = get_wsgi_application()
