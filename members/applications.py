"""Applications to join a network: the public form, the e-mail confirmation, the curators'
queue in the admin.

An organisation applies on ``/<lang>/networks/<slug>/join/``, endorsing the network's
charter (the endorsement keeps the charter's date). The mail, in the page's language,
carries a link with a random token of which only the hash is stored; opening it within
``JOIN_CONFIRM_DAYS`` shows the application with a button, and pressing it confirms the
application and makes its draft organisation (staff only). The application then waits
in the admin for a curator of the network, beside the organisations it may duplicate
(members/duplicates.py): accepting makes the membership, publishes the organisation if she
chooses and invites the contact person as its manager; declining mails her reason. Each
decision records who and when, once.

Spam, without any third party: a hidden field people leave empty, a signed time the form
was opened (``JOIN_MIN_SECONDS``), and counts of applications per address and per e-mail
in the cache (``JOIN_MAX_PER_IP`` an hour, ``JOIN_MAX_PER_EMAIL`` a day; without a
reachable cache nothing is counted). Any of them asks for the challenge, a sum drawn by
this site (django-simple-captcha); twice the limits, the form is refused.
"""

import hashlib
import logging
import time
from datetime import timedelta

from axes.helpers import get_client_ip_address
from captcha.fields import CaptchaField
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.decorators import method_decorator
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from network.core.i18n import translated_value
from network.core.links import absolute_url
from network.core.mail import send_mail
from network.core.roles import curated_networks
from network.core.text import normalize
from network.models import CharterValue, Network, Track

from .accounts import hash_token, invite, new_token, private
from .duplicates import possible_duplicates
from .models import Application, Membership, Organisation, Visibility

log = logging.getLogger("directory.security")

SALT = "members.applications.form"


# --- the charter's date -----------------------------------------------------------------

def charter_date(network):
    """The date of the charter the applicant endorses: its approval, or else the day its
    values last changed (today when no change is recorded)."""
    if network.charter_approved_on:
        return network.charter_approved_on
    changed = CharterValue.revisions.filter(network_id=network.pk).aggregate(
        last=Max("history_date"))["last"]
    return timezone.localdate(changed) if changed else timezone.localdate()


# --- spam signals -----------------------------------------------------------------------

def form_token(challenge=False):
    """The signed hidden field: when the form was opened, and whether it asks the challenge."""
    return signing.dumps({"t": int(time.time()), "c": bool(challenge)}, salt=SALT)


def read_token(value):
    """``(seconds since the form was opened, challenge asked)``, or ``(None, True)`` for a
    missing, forged or day-old token."""
    try:
        data = signing.loads(value or "", salt=SALT, max_age=24 * 3600)
        return time.time() - data["t"], bool(data["c"])
    except (signing.BadSignature, KeyError, TypeError):
        return None, True


def _ip_key(request):
    return f"join:ip:{get_client_ip_address(request) or '-'}"


def _email_key(email):
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    return f"join:email:{digest}"


def _count(key):
    value = cache.get(key)
    return value if isinstance(value, int) else 0


def _hit(key, timeout):
    """Count one more application under ``key``; an unreachable cache counts nothing."""
    cache.add(key, 0, timeout=timeout)
    try:
        cache.incr(key)
    except ValueError:  # expired between add() and incr(), or the cache is unreachable
        cache.add(key, 1, timeout=timeout)


def suspicion(request):
    """The reasons (codes) this POST must answer the challenge, and whether the limits
    are passed twice over (refused outright)."""
    reasons = []
    if request.POST.get("homepage"):
        reasons.append("honeypot")
    age, challenged = read_token(request.POST.get("started"))
    if challenged:
        reasons.append("challenged" if age is not None else "token")
    elif age < settings.JOIN_MIN_SECONDS:
        reasons.append("fast")
    by_ip = _count(_ip_key(request))
    by_email = _count(_email_key(request.POST.get("email", "")))
    if by_ip >= settings.JOIN_MAX_PER_IP:
        reasons.append("ip")
    if by_email >= settings.JOIN_MAX_PER_EMAIL:
        reasons.append("email")
    over = (by_ip >= 2 * settings.JOIN_MAX_PER_IP
            or by_email >= 2 * settings.JOIN_MAX_PER_EMAIL)
    return reasons, over


# --- the form ---------------------------------------------------------------------------

class TrackChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return str(obj.name)


class ApplicationForm(forms.ModelForm):
    endorse = forms.BooleanField(
        label=_("We have read the charter above and endorse its values."),
        error_messages={"required": _("An application needs the endorsement of the "
                                      "network's charter.")})
    # The honeypot: hidden from people, filled in by many robots.
    homepage = forms.CharField(label=_("Leave this field empty"), required=False)
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Application
        fields = ["name_ar", "name_en", "kind", "country", "governorate", "city", "website",
                  "tracks", "contact_name", "email", "motivation"]
        widgets = {
            "name_en": forms.TextInput(attrs={"dir": "ltr", "lang": "en"}),
            "name_ar": forms.TextInput(attrs={"dir": "rtl", "lang": "ar"}),
            "website": forms.URLInput(attrs={"dir": "ltr", "autocomplete": "url"}),
            "email": forms.EmailInput(attrs={"dir": "ltr", "autocomplete": "email"}),
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "motivation": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "name_ar": _("At least one of the two names."),
            "governorate": _("For organisations in Iraq."),
            "email": _("We send a link to this address to confirm the application."),
        }

    def __init__(self, *args, network, challenge=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.network = network
        self.fields["tracks"] = TrackChoices(
            queryset=Track.objects.filter(networks=network), required=False,
            widget=forms.CheckboxSelectMultiple, label=_("Thematic tracks"),
            error_messages={"invalid_choice": _("Choose only tracks of this network.")})
        self.fields["kind"].choices = Organisation.Kind.choices
        self.fields["website"].assume_scheme = "https"
        self.fields["started"].initial = form_token(challenge)
        if challenge:
            self.fields["captcha"] = CaptchaField(
                label=_("What is the result of the sum in the image?"),
                help_text=_("We ask this when a form looks as if a program filled it in. "
                            "Write the number with any digits."),
                error_messages={"invalid": _("That is not the result; here is a new sum."),
                                "required": _("Write the result of the sum.")})

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        cleaned_data = super().clean()
        if not (cleaned_data.get("name_ar", "").strip()
                or cleaned_data.get("name_en", "").strip()):
            self.add_error("name_ar", _("Give the organisation's name in Arabic, in English "
                                        "or in both."))
        if cleaned_data.get("governorate") and cleaned_data.get("country") != "IQ":
            self.add_error("governorate", _("A governorate can only be given for Iraq."))
        return cleaned_data


def _clean_answer(data):
    """The challenge's answer with Arabic-Indic digits read as Western ones."""
    data = data.copy()
    if "captcha_1" in data:
        data["captcha_1"] = normalize(data["captcha_1"]).replace(" ", "")
    return data


def submit_application(form, *, request, language):
    """Store the application and mail its confirmation link in ``language``."""
    token = new_token()
    now = timezone.now()
    network = form.network
    with transaction.atomic():
        application = form.save(commit=False)
        application.network = network
        application.language = language
        application.token_hash = hash_token(token)
        application.created_at = now
        application.expires_at = now + timedelta(days=settings.JOIN_CONFIRM_DAYS)
        application.charter_endorsed_at = now
        application.charter_date = charter_date(network)
        application.save()
        form.save_m2m()
        with translation.override(language):
            link = absolute_url(request, reverse("members:confirm-application",
                                                 kwargs={"token": token}))
            context = {"link": link, "network_name": str(network.name),
                       # In the mail's language when she gave that name too.
                       "organisation_name": translated_value(application, "name")[0],
                       "days": settings.JOIN_CONFIRM_DAYS}
            reason = _("You receive this message because this address was given in an "
                       "application to join a network of the directory.")
        send_mail(application.email, "application_confirm", context, language=language,
                  reason=reason)
    _hit(_ip_key(request), 3600)
    _hit(_email_key(application.email), 24 * 3600)
    log.info("Application: network=%s application=%s", network.slug, application.pk)
    return application


@private
def join(request, slug):
    network = get_object_or_404(Network.objects.prefetch_related("values"), slug=slug)
    status = 200
    if request.method == "POST":
        reasons, over = suspicion(request)
        if over:
            log.warning("Application refused: over the limits, network=%s", slug)
            return render(request, "members/join_refused.html", {"network": network},
                          status=429)
        form = ApplicationForm(_clean_answer(request.POST), network=network,
                               challenge=bool(reasons))
        if form.is_valid():
            submit_application(form, request=request, language=translation.get_language())
            return redirect("members:join-sent", slug=network.slug)
        if reasons:
            log.warning("Application challenged: network=%s reasons=%s", slug,
                        ",".join(reasons))
            if "captcha_1" not in request.POST:
                # Asked for the first time: no error for a question she has not seen.
                form.errors.pop("captcha", None)
            # The form sent again must answer the challenge, whatever else changes.
            form.data["started"] = form_token(challenge=True)
        status = 400
    else:
        form = ApplicationForm(network=network)
    return render(request, "members/join.html", {
        "network": network, "form": form, "charter_date": charter_date(network),
        "challenge": "captcha" in form.fields}, status=status)


@private
def join_sent(request, slug):
    network = get_object_or_404(Network, slug=slug)
    return render(request, "members/join_sent.html", {
        "network": network, "days": settings.JOIN_CONFIRM_DAYS})


# --- confirming -------------------------------------------------------------------------

def unique_slug(application):
    base = slugify(application.name_en)[:100].strip("-")
    if not base:
        digest = hashlib.sha1(normalize(application.name_ar).encode()).hexdigest()
        base = f"org-{digest[:8]}"
    slug, number = base, 1
    while Organisation.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def draft_organisation(application):
    """The application's organisation, as a draft only staff see."""
    organisation = Organisation(
        slug=unique_slug(application), name_ar=application.name_ar or None,
        name_en=application.name_en or None, kind=application.kind,
        country=application.country, governorate=application.governorate,
        website=application.website, status=Organisation.Status.DRAFT)
    setattr(organisation, f"city_{application.language}", application.city)
    organisation.save()
    organisation.tracks.set(application.tracks.all())
    return organisation


@private
def confirm_application(request, token):
    """The mailed link (once, before it expires): opening it shows the application and a
    button, pressing the button (a POST) confirms it. A mail scanner that follows links
    confirms nothing."""
    application = None
    if token and len(token) <= 100:
        application = Application.objects.select_related("network").filter(
            token_hash=hash_token(token)).first()
    if application is None or application.confirmed_at or application.expired:
        reason = "unknown" if application is None else (
            "used" if application.confirmed_at else "expired")
        log.warning("Application link refused: reason=%s", reason)
        return render(request, "members/join_invalid.html", {"reason": reason},
                      status=404 if application is None else 410)
    if request.method != "POST":
        return render(request, "members/join_confirm.html", {
            "application": application, "network": application.network})
    with transaction.atomic():
        claimed = Application.objects.filter(
            pk=application.pk, state=Application.State.UNCONFIRMED,
            confirmed_at__isnull=True, expires_at__gt=timezone.now()).update(
            state=Application.State.PENDING, confirmed_at=timezone.now())
        if not claimed:
            transaction.set_rollback(True)
            return render(request, "members/join_invalid.html", {"reason": "used"},
                          status=410)
        organisation = draft_organisation(application)
        Application.objects.filter(pk=application.pk).update(organisation=organisation)
    log.info("Application confirmed: application=%s organisation=%s", application.pk,
             organisation.pk)
    return render(request, "members/join_confirmed.html", {"application": application,
                                                           "network": application.network})


# --- deciding ---------------------------------------------------------------------------

class Decided(Exception):
    """The application is decided already (or cannot be): nothing was changed."""


def _pending(application):
    row = Application.objects.select_for_update().filter(pk=application.pk).first()
    if row is None or row.state != Application.State.PENDING:
        raise Decided(_("This application is decided already."))
    if row.organisation_id is None:
        raise Decided(_("The organisation of this application no longer exists."))
    return row


def accept_application(application, *, by, publish, since, request):
    """Accept: the membership from ``since`` (a year), the organisation published (with a
    public profile) when ``publish``, the contact invited to manage it. Raises
    :class:`Decided` and changes nothing when the application is not waiting."""
    with transaction.atomic():
        row = _pending(application)
        organisation = Organisation.objects.select_for_update().get(pk=row.organisation_id)
        if Membership.objects.filter(organisation=organisation, network=row.network).exists():
            raise Decided(_("This organisation is already a member of the network."))
        membership = Membership(organisation=organisation, network=row.network, since=since)
        membership._history_user = by
        membership.save()
        if publish:
            organisation.status = Organisation.Status.PUBLISHED
            organisation.visibility = Visibility.PUBLIC
            organisation._history_user = by
            organisation.save(update_fields=["status", "visibility", "updated_at"])
        row.state = Application.State.ACCEPTED
        row.decided_at, row.decided_by = timezone.now(), by
        row.save(update_fields=["state", "decided_at", "decided_by"])
        invite(organisation, email=row.email, language=row.language, invited_by=by,
               request=request)
    log.info("Application accepted: application=%s by=%r published=%s", row.pk,
             by.get_username(), publish)
    return row


def decline_application(application, *, by, reason):
    """Decline with ``reason``, mailed to the applicant; the draft organisation is
    archived. Raises :class:`Decided` when the application is not waiting."""
    with transaction.atomic():
        row = _pending(application)
        organisation = Organisation.objects.select_for_update().get(pk=row.organisation_id)
        organisation.status = Organisation.Status.ARCHIVED
        organisation._history_user = by
        organisation.save(update_fields=["status", "updated_at"])
        row.state = Application.State.DECLINED
        row.decided_at, row.decided_by, row.decline_reason = timezone.now(), by, reason
        row.save(update_fields=["state", "decided_at", "decided_by", "decline_reason"])
        with translation.override(row.language):
            context = {"network_name": str(row.network.name),
                       "organisation_name": translated_value(row, "name")[0],
                       "decline_reason": reason}
            footer = _("You receive this message because this address was given in an "
                       "application to join a network of the directory.")
        send_mail(row.email, "application_declined", context, language=row.language,
                  reason=footer)
    log.info("Application declined: application=%s by=%r", row.pk, by.get_username())
    return row


class AcceptForm(forms.Form):
    publish = forms.BooleanField(
        label=_("Publish the organisation now"), required=False,
        help_text=_("Its profile becomes public; its contact details stay staff only. "
                    "Unticked, it stays a draft."))
    since = forms.IntegerField(label=_("Member since (year)"), min_value=1900,
                               max_value=2100)


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Sent to the applicant, in the language of the application."),
        error_messages={"required": _("Say why the application is declined: the "
                                      "applicant receives it.")})


class ApplicationAdmin(admin.ModelAdmin):
    """The curators' queue: confirmed applications to their networks (404 for another
    network's), each with its possible duplicates and the decision forms."""

    list_display = ("__str__", "network", "state", "country", "confirmed_at", "decided_at")
    list_filter = ("state", "network")
    list_select_related = ("network",)
    search_fields = ("name_ar", "name_en", "email", "contact_name")
    date_hierarchy = "confirmed_at"
    review_template = "admin/members/application/review.html"

    def get_queryset(self, request):
        queryset = super().get_queryset(request).in_queue()
        if not request.user.is_superuser:
            queryset = queryset.filter(network__in=curated_networks(request.user))
        return queryset

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404
        return obj

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path("<path:object_id>/accept/", self.admin_site.admin_view(self.accept_view),
                 name="{}_{}_accept".format(*info)),
            path("<path:object_id>/decline/", self.admin_site.admin_view(self.decline_view),
                 name="{}_{}_decline".format(*info)),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        application = self.get_object(request, unquote(object_id))
        if not self.has_view_permission(request, application):
            raise PermissionDenied
        return self.review(request, application)

    def _viewable(self, request, organisation):
        """Whether the organisation's admin page is open to ``request.user`` (a curator's
        networks only: a draft without a membership yet is not)."""
        organisation_admin = self.admin_site._registry.get(Organisation)
        return (organisation_admin is not None
                and organisation_admin.has_view_permission(request, organisation))

    def review(self, request, application, accept_form=None, decline_form=None, status=200):
        duplicates, hidden = [], 0
        public = set(Organisation.objects.public().values_list("pk", flat=True))
        for duplicate in possible_duplicates(
                name_ar=application.name_ar, name_en=application.name_en,
                website=application.website, country=application.country,
                exclude=application.organisation_id):
            # Another network's record that the public does not see stays unnamed: a
            # curator knows only that one exists (a superuser sees them all).
            duplicate.viewable = self._viewable(request, duplicate.organisation)
            if duplicate.viewable or duplicate.organisation.pk in public:
                duplicates.append(duplicate)
            else:
                hidden += 1
        organisation = application.organisation
        context = {
            **self.admin_site.each_context(request),
            "title": _("Application of %(name)s") % {"name": application},
            "opts": self.opts, "original": application, "application": application,
            "tracks": application.tracks.all(), "duplicates": duplicates,
            "hidden_duplicates": hidden,
            "organisation_viewable": organisation is not None and self._viewable(
                request, organisation),
            "can_decide": (self.has_change_permission(request, application)
                           and application.state == Application.State.PENDING),
            "accept_form": accept_form or AcceptForm(
                initial={"since": timezone.localdate().year}),
            "decline_form": decline_form or DeclineForm(),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.review_template, context, status=status)

    def _decision(self, request, object_id, form_class, decide):
        application = self.get_object(request, unquote(object_id))  # 404 out of scope
        if not self.has_change_permission(request, application):
            raise PermissionDenied
        form = form_class(request.POST)
        if not form.is_valid():
            forms_ = {"accept_form" if form_class is AcceptForm else "decline_form": form}
            return self.review(request, application, status=400, **forms_)
        try:
            message = decide(application, form.cleaned_data)
        except Decided as refusal:
            self.message_user(request, str(refusal), messages.ERROR)
        else:
            self.log_change(request, application, str(message))
            self.message_user(request, message, messages.SUCCESS)
        return redirect(reverse("admin:members_application_change", args=[application.pk]))

    @method_decorator(require_POST)
    def accept_view(self, request, object_id):
        def decide(application, data):
            accept_application(application, by=request.user, publish=data["publish"],
                               since=data["since"], request=request)
            return _("The application is accepted; the contact person is invited to "
                     "manage the organisation.")
        return self._decision(request, object_id, AcceptForm, decide)

    @method_decorator(require_POST)
    def decline_view(self, request, object_id):
        def decide(application, data):
            decline_application(application, by=request.user, reason=data["reason"])
            return _("The application is declined; the reason was sent to the applicant.")
        return self._decision(request, object_id, DeclineForm, decide)
