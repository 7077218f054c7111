"""URLs: every public page under /ar/ and /en/; the admin at /admin/."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from two_factor.admin import AdminSiteOTPRequired
from two_factor.views import QRGeneratorView, SetupCompleteView

from . import views
from .core import completeness
from .site import alerts, security, sitemaps
from .site import views as site_views
from .site.api import api

# The admin wants a second factor: a session signed in with the password alone, or a
# visitor, is sent to the two-factor sign-in with `next` kept.
admin.site.__class__ = AdminSiteOTPRequired

network_patterns = (
    [
        path("", site_views.home, name="home"),
        path("networks/<slug:slug>/", views.network_detail, name="network-detail"),
        path("search/", site_views.search, name="search"),
    ],
    "network",
)

# E-mail alerts for a list's filter (network/site/alerts.py).
alert_patterns = (
    [
        path("follow/<str:list_name>/", alerts.follow, name="follow"),
        path("follow/confirm/<str:token>/", alerts.confirm, name="confirm"),
        path("follow/unsubscribe/<str:token>/", alerts.unsubscribe, name="unsubscribe"),
        path("follow/manage/<str:token>/", alerts.manage, name="manage"),
    ],
    "alerts",
)

# django-two-factor-auth's URL names, without its profile and disable pages: staff cannot
# switch the second factor off.
signin_patterns = (
    [
        path("account/login/", security.LoginView.as_view(), name="login"),
        path("account/two_factor/setup/", security.SetupView.as_view(), name="setup"),
        path("account/two_factor/qrcode/", QRGeneratorView.as_view(), name="qr"),
        path("account/two_factor/setup/complete/", SetupCompleteView.as_view(),
             name="setup_complete"),
        path("account/two_factor/backup/tokens/", security.BackupTokensView.as_view(),
             name="backup_tokens"),
    ],
    "two_factor",
)

urlpatterns = [
    path("admin/translations/", admin.site.admin_view(completeness.dashboard),
         name="translation-dashboard"),
    path("admin/", admin.site.urls),
    # Browsers and the admin ask for /favicon.ico whatever the page says.
    path("favicon.ico", site_views.favicon),
    path("sitemap.xml", sitemaps.sitemap, name="sitemap"),
    path("robots.txt", sitemaps.robots_txt, name="robots-txt"),
    # The join form's challenge images (members/applications.py).
    path("captcha/", include("captcha.urls")),
]

# The open-data API is not language-prefixed: ?lang= or Accept-Language chooses.
urlpatterns += [path("api/v1/", api.urls)]

urlpatterns += i18n_patterns(
    path("", include(network_patterns)),
    path("", include("members.urls")),
    path("publications/", include("publications.urls")),
    path("", include(alert_patterns)),
    path("", include(signin_patterns)),
    prefix_default_language=True,
)

if settings.DEBUG:
    from django.conf.urls.static import static as static_urls

    urlpatterns += static_urls(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Error pages in the request's language, rendered without the database
# (network/site/errors.py).
handler400 = "network.site.errors.bad_request"
handler403 = "network.site.errors.permission_denied"
handler404 = "network.site.errors.page_not_found"
handler500 = "network.site.errors.server_error"
