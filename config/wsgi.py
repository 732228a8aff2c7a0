import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# What is loaded now (Django and the apps, about 100,000 objects) lives as long as the worker. Frozen, the
# cyclic collector's full collections no longer walk it, only what requests make. On the regional
# one-effect jaarverslag (in one process, 60 requests) full collections went from 19 to 8 ms a request
# and the p95 from 419 to 228 ms.
gc.freeze()
