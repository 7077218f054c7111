from django.urls import path

from . import accounts, applications, downloads, feeds, proposals, relay, reminders, views

app_name = "members"

urlpatterns = [
    path("members/", views.organisation_list, name="organisation-list"),
    path("members/download.<str:format>", downloads.organisation_download,
         name="organisation-download"),
    path("members/feed.atom", feeds.DirectoryFeed(), name="organisation-feed"),
    path("members/<slug:slug>/", views.organisation_detail, name="organisation-detail"),
    path("members/<slug:slug>/message/", relay.organisation_message,
         name="organisation-message"),
    path("countries/", views.country_list, name="country-list"),
    path("countries/<slug:code>/", views.country_detail, name="country-detail"),
    path("people/", views.person_list, name="person-list"),
    path("people/<slug:slug>/", views.person_detail, name="person-detail"),
    # Applications to join a network (members/applications.py).
    path("networks/<slug:slug>/join/", applications.join, name="join"),
    path("networks/<slug:slug>/join/sent/", applications.join_sent, name="join-sent"),
    path("account/application/<str:token>/", applications.confirm_application,
         name="confirm-application"),
    path("people/<slug:slug>/message/", relay.person_message, name="person-message"),
    # The contact relay's pages after the form (members/relay.py).
    path("messages/written/", relay.message_written, name="message-written"),
    path("messages/sent/", relay.message_sent, name="message-sent"),
    path("messages/confirm/<str:token>/", relay.confirm_message, name="message-confirm"),
    # Member accounts (members/accounts.py); the sign-in page is network/site/security.py's.
    path("account/", accounts.account, name="account"),
    path("account/logout/", accounts.logout, name="logout"),
    path("account/organisations/<slug:slug>/edit/", proposals.edit_organisation,
         name="organisation-edit"),
    path("account/organisations/<slug:slug>/confirm/", proposals.confirm_profile,
         name="organisation-checkin"),
    path("account/organisations/<slug:slug>/confirm/<str:token>/", proposals.confirm_profile,
         name="organisation-checkin-link"),
    path("account/listing.json", accounts.own_record_download, name="own-record"),
    path("account/listing/", accounts.own_listing, name="own-listing"),
    path("account/listing/withdraw/", accounts.withdraw_consent, name="withdraw-consent"),
    path("account/listing/renew/", reminders.renew_consent, name="renew-consent"),
    path("account/listing/open/<str:token>/", accounts.open_listing_link,
         name="open-listing-link"),
    path("account/invitation/<str:token>/", accounts.accept_invitation,
         name="accept-invitation"),
    path("account/password/reset/", accounts.PASSWORD_RESET_VIEWS["form"],
         name="password-reset"),
    path("account/password/reset/sent/", accounts.PASSWORD_RESET_VIEWS["done"],
         name="password-reset-done"),
    path("account/password/reset/<uidb64>/<token>/", accounts.PASSWORD_RESET_VIEWS["confirm"],
         name="password-reset-confirm"),
    path("account/password/reset/done/", accounts.PASSWORD_RESET_VIEWS["complete"],
         name="password-reset-complete"),
]
