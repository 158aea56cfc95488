import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# Everything loaded so far (Django, the apps, rdflib) lives as long as the process: moved out of
# the cyclic collector's reach, a full collection no longer walks it during a request, which cut
# the slowest API answers at national scale from about 160 ms to about 65 ms (docs/benchmarks.md).
gc.freeze()
