"""E-mail alerts without an account: follow the directory's or the library's current filter.

Both list pages link "Follow this search by e-mail" (``/<lang>/follow/<list>/?<filter>``).
The visitor gives an address and a frequency (daily or weekly); a confirmation link goes to
that address (double opt-in) and nothing else is sent before she opens it and confirms.
:func:`send_digests` (``manage.py send_digests daily|weekly``, from cron) then mails each
confirmed alert, in the subscriber's language, what is new for its filter since the last
digest (organisations added or updated, briefs first published) — the public projection
only, no tracking, no outside link — and nothing when nothing is new. Every digest
carries a one-click unsubscribe (``List-Unsubscribe`` and ``List-Unsubscribe-Post``,
RFC 8058) and a link to a page listing every alert of that address. Unsubscribing
deletes the row, address included; an unconfirmed alert is deleted when its link expires.

Links are signed (``django.core.signing``), not stored: the confirmation link for
``ALERT_CONFIRM_DAYS``, the management page's for ``ALERT_MANAGE_DAYS``, the unsubscribe
link for as long as the alert exists.
"""

import logging
from datetime import timedelta

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt

from members.accounts import private
from members.filters import OrganisationFilter
from members.models import Organisation
from network.core.feeds import feed_query, filter_summary
from network.core.i18n import translated_value
from network.core.links import absolute_url, site_url
from network.core.mail import send_mail
from publications import citations
from publications.filters import PublicationFilter
from publications.models import Publication

from .models import Subscription
from .security import client_ip

log = logging.getLogger("directory.alerts")
CONFIRM_SALT = "alerts.confirm"
MANAGE_SALT = "alerts.manage"
UNSUBSCRIBE_SALT = "alerts.unsubscribe"
DIGEST_SIZE = 50


class Followed:
    """What one list offers to follow: its filter, its rows, how a row reads in a mail."""

    def __init__(self, name, filterset_class, rows, list_view, feed_view, title, row_title,
                 new_since):
        self.name = name
        #: The time field that makes a row new for a digest.
        self.new_since = new_since
        self.filterset_class = filterset_class
        self.rows = rows
        self.list_view = list_view
        self.feed_view = feed_view
        self.title = title
        self.row_title = row_title

    def filterset(self, query):
        return self.filterset_class(query, queryset=self.rows(), request=None)


LISTS = {
    Subscription.List.DIRECTORY: Followed(
        "members", OrganisationFilter, Organisation.objects.public,
        "members:organisation-list", "members:organisation-feed",
        _("Member directory"), lambda row: translated_value(row, "name")[0],
        # New and updated organisations.
        new_since="updated_at"),
    Subscription.List.LIBRARY: Followed(
        "publications", PublicationFilter, Publication.objects.published,
        "publications:publication-list", "publications:publication-feed",
        _("Publications library"), citations.full_title,
        # New briefs only: one edited after its digest does not come again.
        new_since="first_published_at"),
}


def followed(list_name):
    if list_name not in LISTS:
        raise Http404
    return LISTS[list_name]


def describe(list_name, query_string):
    """``(list title, filter summary)`` in the active language."""
    entry = followed(list_name)
    filterset = entry.filterset(_query_dict(query_string))
    filterset.is_valid()
    return str(entry.title), filter_summary(filterset)


def _query_dict(query_string):
    return QueryDict(query_string)


def list_url(subscription):
    url = reverse(followed(subscription.list_name).list_view)
    return f"{url}?{subscription.query}" if subscription.query else url


# --- signed links -------------------------------------------------------------------------

def confirm_token(subscription):
    return signing.dumps({"s": subscription.pk, "e": subscription.email}, salt=CONFIRM_SALT)


def unsubscribe_token(subscription):
    return signing.dumps({"s": subscription.pk, "e": subscription.email},
                         salt=UNSUBSCRIBE_SALT)


def manage_token(email):
    return signing.dumps({"e": email}, salt=MANAGE_SALT)


def _load(token, salt, max_age=None):
    if not token or len(token) > 300:
        return None
    try:
        return signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired:
        return "expired"
    except signing.BadSignature:
        return None


def _subscription(data):
    if not isinstance(data, dict):
        return None
    return Subscription.objects.filter(pk=data.get("s"), email=data.get("e")).first()


# --- subscribing --------------------------------------------------------------------------

class FollowForm(forms.Form):
    email = forms.EmailField(label=_("Your e-mail address"), max_length=254,
                             widget=forms.EmailInput(attrs={"dir": "ltr",
                                                            "autocomplete": "email"}))
    frequency = forms.ChoiceField(label=_("How often"), choices=Subscription.Frequency.choices,
                                  initial=Subscription.Frequency.WEEKLY,
                                  widget=forms.RadioSelect)
    # A field people do not see; a robot filling every field fills it.
    website = forms.CharField(required=False, label=_("Leave this empty"),
                              widget=forms.TextInput(attrs={"autocomplete": "off",
                                                            "tabindex": "-1"}))

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


def _ip_allowed(request):
    """At most ``ALERT_SUBSCRIBE_PER_HOUR_PER_IP`` subscriptions an hour from one address
    (the shared cache; when it is down the limit per e-mail address still holds)."""
    key = f"alerts-subscribe:{client_ip(request)}"
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.add(key, 1, timeout=3600)
        count = 1
    return count is None or count <= settings.ALERT_SUBSCRIBE_PER_HOUR_PER_IP


def _email_allowed(email):
    since = timezone.now() - timedelta(hours=1)
    return (Subscription.objects.filter(email=email, created_at__gte=since).count()
            < settings.ALERT_SUBSCRIBE_PER_HOUR_PER_EMAIL)


@private
def follow(request, list_name):
    """The form to follow one list's current filter by e-mail."""
    entry = followed(list_name)
    query = feed_query(entry.filterset_class, request.GET)
    filterset = entry.filterset(query)
    if not filterset.is_valid():
        return render(request, "network/alerts/follow_invalid.html", {
            "errors": filterset.form.errors, "list_title": entry.title}, status=400)
    summary = filter_summary(filterset)
    form = FollowForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid() and form.cleaned_data["website"]:
            log.warning("Alert refused: honeypot filled")
            form.add_error(None, _("Your request could not be accepted."))
        elif form.is_valid():
            email = form.cleaned_data["email"]
            if not (_ip_allowed(request) and _email_allowed(email)):
                log.warning("Alert refused: rate limit")
                return render(request, "network/alerts/follow_limited.html", status=429)
            subscribe(email, list_name, query.urlencode(), form.cleaned_data["frequency"],
                      request)
            return render(request, "network/alerts/follow_sent.html", {"email": email})
    return render(request, "network/alerts/follow.html", {
        "form": form, "list_title": entry.title, "summary": summary,
        "list_url": reverse(entry.list_view) + (f"?{query.urlencode()}" if query else ""),
        "feed_url": reverse(entry.feed_view) + (f"?{query.urlencode()}" if query else ""),
    }, status=status)


def subscribe(email, list_name, query_string, frequency, request):
    """Store an unconfirmed alert (or reuse one) and mail its confirmation link. A
    confirmed alert of the same filter is left as it is and nothing is sent, so that the
    page says the same whether the address follows it already or not."""
    language = translation.get_language()
    try:
        with transaction.atomic():
            subscription, created = Subscription.objects.get_or_create(
                email=email, list_name=list_name, query=query_string,
                defaults={"language": language, "frequency": frequency})
    except IntegrityError:
        return None
    if subscription.confirmed_at is not None:
        return subscription
    if not created:
        Subscription.objects.filter(pk=subscription.pk).update(
            language=language, frequency=frequency, created_at=timezone.now())
    list_title, summary = describe(list_name, query_string)
    link = absolute_url(request, reverse("alerts:confirm",
                                         kwargs={"token": confirm_token(subscription)}))
    send_mail(email, "alert_confirm", {
        "link": link, "list_title": list_title, "summary": summary,
        "days": settings.ALERT_CONFIRM_DAYS,
    }, language=language, reason=_("You receive this message because this address was "
                                   "given to follow a search in the directory. If it was "
                                   "not you, do nothing: nothing more will be sent."))
    log.info("Alert requested: list=%s", list_name)
    return subscription


@private
def confirm(request, token):
    """The confirmation link: a button (mail scanners follow links, they do not press
    buttons); pressing it starts the alert."""
    data = _load(token, CONFIRM_SALT, max_age=timedelta(days=settings.ALERT_CONFIRM_DAYS))
    subscription = _subscription(data)
    if subscription is None:
        status = 410 if data == "expired" else 404
        return render(request, "network/alerts/follow_link_invalid.html", status=status)
    if request.method == "POST":
        if subscription.confirmed_at is None:
            now = timezone.now()
            Subscription.objects.filter(pk=subscription.pk).update(confirmed_at=now,
                                                                   last_sent_at=now)
            log.info("Alert confirmed: list=%s", subscription.list_name)
        return render(request, "network/alerts/follow_confirmed.html", {
            "subscription": subscription,
            "manage_url": reverse("alerts:manage",
                                  kwargs={"token": manage_token(subscription.email)})})
    list_title, summary = describe(subscription.list_name, subscription.query)
    return render(request, "network/alerts/follow_confirm.html", {
        "subscription": subscription, "list_title": list_title, "summary": summary})


@csrf_exempt
@private
def unsubscribe(request, token):
    """One-click unsubscribe (RFC 8058): a mail client POSTs ``List-Unsubscribe=One-Click``
    here; a person opening the link gets a button. The signed token is the authority, so
    the POST needs no CSRF token. Deleting the alert deletes the address with it."""
    subscription = _subscription(_load(token, UNSUBSCRIBE_SALT))
    if request.method == "POST":
        if subscription is not None:
            subscription.delete()
            log.info("Alert unsubscribed: list=%s", subscription.list_name)
        if request.POST.get("List-Unsubscribe") == "One-Click":
            return HttpResponse(gettext("Unsubscribed."), content_type="text/plain")
        return render(request, "network/alerts/unsubscribed.html")
    if subscription is None:
        return render(request, "network/alerts/unsubscribed.html", status=404)
    list_title, summary = describe(subscription.list_name, subscription.query)
    return render(request, "network/alerts/unsubscribe.html", {
        "list_title": list_title, "summary": summary})


@private
def manage(request, token):
    """Every alert of one address, each with its own unsubscribe button."""
    data = _load(token, MANAGE_SALT, max_age=timedelta(days=settings.ALERT_MANAGE_DAYS))
    if not isinstance(data, dict):
        return render(request, "network/alerts/follow_link_invalid.html",
                               status=410 if data == "expired" else 404)
    email = data.get("e", "")
    if request.method == "POST" and request.POST.get("all"):
        deleted, _detail = Subscription.objects.filter(email=email).delete()
        log.info("Alerts unsubscribed, all of one address: %d", deleted)
        return redirect(request.path)
    alerts = []
    for subscription in Subscription.objects.filter(email=email, confirmed_at__isnull=False):
        list_title, summary = describe(subscription.list_name, subscription.query)
        alerts.append({
            "list_title": list_title, "summary": summary, "subscription": subscription,
            "list_url": list_url(subscription),
            "unsubscribe_url": reverse("alerts:unsubscribe",
                                       kwargs={"token": unsubscribe_token(subscription)})})
    return render(request, "network/alerts/follow_manage.html", {
        "email": email, "alerts": alerts})


# --- digests ------------------------------------------------------------------------------

def new_rows(subscription, since):
    """The rows of the alert's filter new since ``since`` (the list's ``new_since``: an
    organisation added or updated, a brief first published), newest first."""
    entry = followed(subscription.list_name)
    filterset = entry.filterset(_query_dict(subscription.query))
    if not filterset.is_valid():
        return []
    return list(filterset.qs.filter(**{f"{entry.new_since}__gt": since})
                .order_by(f"-{entry.new_since}", "-pk")[:DIGEST_SIZE])


def send_digest(subscription, now):
    """Mail what is new for one alert; returns whether a mail went."""
    since = subscription.last_sent_at or subscription.confirmed_at
    with translation.override(subscription.language):
        rows = new_rows(subscription, since)
        Subscription.objects.filter(pk=subscription.pk).update(last_sent_at=now)
        if not rows:
            return False
        entry = followed(subscription.list_name)
        items = [(entry.row_title(row), site_url(row.get_absolute_url())) for row in rows]
        list_title, summary = describe(subscription.list_name, subscription.query)
        unsubscribe_link = site_url(reverse("alerts:unsubscribe", kwargs={
            "token": unsubscribe_token(subscription)}))
        context = {
            "items": items, "list_title": list_title, "summary": summary,
            "list_url": site_url(list_url(subscription)),
            "unsubscribe": unsubscribe_link,
            "manage": site_url(reverse("alerts:manage",
                                       kwargs={"token": manage_token(subscription.email)})),
            "frequency": str(subscription.get_frequency_display()).lower(),
        }
        reason = _("You receive this message because you follow this search in the directory "
                   "by e-mail.")
    send_mail(subscription.email, "alert_digest", context, language=subscription.language,
              reason=reason, headers={
                  "List-Unsubscribe": f"<{unsubscribe_link}>",
                  "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"})
    return True


def send_digests(frequency, now=None, progress=iter):
    """The digests of every confirmed alert of ``frequency``; unconfirmed alerts whose link
    expired are deleted. Returns how many mails went. ``progress`` wraps the alerts (the
    command's progress bar)."""
    now = now or timezone.now()
    expired = now - timedelta(days=settings.ALERT_CONFIRM_DAYS)
    Subscription.objects.filter(confirmed_at__isnull=True, created_at__lt=expired).delete()
    sent = 0
    for subscription in progress(Subscription.objects.filter(
            frequency=frequency, confirmed_at__isnull=False).order_by("pk")):
        sent += send_digest(subscription, now)
    log.info("Digests (%s): %d sent", frequency, sent)
    return sent
