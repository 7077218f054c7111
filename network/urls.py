"""URLs: every public page under /ar/ and /en/; the admin at /admin/."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from . import views

network_patterns = (
    [
        path("", views.home, name="home"),
        path("networks/<slug:slug>/", views.network_detail, name="network-detail"),
        path("search/", views.search, name="search"),
    ],
    "network",
)

urlpatterns = [
    path("admin/", admin.site.urls),
    # Browsers and the admin ask for /favicon.ico whatever the page says.
    path("favicon.ico", views.favicon),
]

urlpatterns += i18n_patterns(
    path("", include(network_patterns)),
    path("", include("members.urls")),
    path("publications/", include("publications.urls")),
    prefix_default_language=True,
)

if settings.DEBUG:
    from django.conf.urls.static import static as static_urls

    urlpatterns += static_urls(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
