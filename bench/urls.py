"""The site's URLs plus ``/bench/bare/``: a view returning a fixed string through the same
middleware and server, the benchmark's yardstick. ``i18n_patterns`` must stay in the root
URLconf, so the site's list is copied rather than included."""

from django.http import HttpResponse
from django.urls import path

from network.urls import urlpatterns as site_patterns


def bare(request):
    return HttpResponse("bare", content_type="text/plain; charset=utf-8")


urlpatterns = [path("bench/bare/", bare), *site_patterns]
