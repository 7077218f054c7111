"""Member accounts: invitations by curators, accepting one, the account page, password reset.

There is no open registration. A curator invites someone by e-mail from an organisation's
or an individual activist's admin page (:class:`InviteAdminMixin`); the invitation mail,
in the language the curator chose, carries a link with a random token of which only the
SHA-256 hash is stored. Opening the link and choosing a password creates the account
(never staff), links it as a manager of the organisation or as the listed person, signs
her in and leads to ``/<lang>/account/``. The link works once, for ``INVITATION_DAYS``.

Members sign in on the same page as staff (network/site/security.py): staff must pass the
second factor, members may set one up but are not asked for it.
"""

import hashlib
import logging
import secrets
from datetime import timedelta
from functools import wraps

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.urls import path, reverse, reverse_lazy
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import patch_cache_control
from django.views.decorators.debug import sensitive_post_parameters
from two_factor.utils import default_device

from network.core.i18n import LANGUAGE_CODES
from network.core.links import absolute_url
from network.core.mail import send_mail

from .editable import changed_labels
from .models import (
    PERSON_VISIBILITY_FIELDS,
    Consent,
    Invitation,
    ListingLink,
    MemberProfile,
    Organisation,
    Person,
)
from .projection import public_person, public_person_record

log = logging.getLogger("directory.security")
User = get_user_model()


# --- tokens -------------------------------------------------------------------------------

def hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


def new_token():
    return secrets.token_urlsafe(32)


def private(view):
    """``Cache-Control: private, no-store``: account pages are never kept by any cache."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        patch_cache_control(response, private=True, no_store=True)
        return response

    return wrapped


def member_language(user, default=None):
    """The language ``user``'s mail is written in."""
    profile = MemberProfile.objects.filter(user=user).first() if user.pk else None
    return profile.language if profile else (default or settings.LANGUAGE_CODE)


# --- inviting -----------------------------------------------------------------------------

class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254,
                             widget=forms.EmailInput(attrs={"dir": "ltr",
                                                            "autocomplete": "off"}))
    language = forms.ChoiceField(label=_("Language of the invitation"),
                                 choices=settings.LANGUAGES,
                                 help_text=_("The invitation and every later message to "
                                             "this person are written in this language."))

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


def invite(record, *, email, language, invited_by, request):
    """Store an invitation to ``record`` (an organisation or a person) and enqueue its mail.

    Returns the invitation; the token exists only in the mail."""
    token = new_token()
    now = timezone.now()
    with transaction.atomic():
        invitation = Invitation.objects.create(
            email=email, language=language, invited_by=invited_by, token_hash=hash_token(token),
            created_at=now, expires_at=now + timedelta(days=settings.INVITATION_DAYS),
            **{"organisation" if isinstance(record, Organisation) else "person": record})
        with translation.override(language):
            link = absolute_url(request, reverse("members:accept-invitation",
                                                 kwargs={"token": token}))
            record_name = str(record.name)
            reason = _("You receive this message because a curator of the directory "
                       "invited this address to manage a listing.")
        send_mail(email, "invitation", {
            "link": link, "record_name": record_name, "days": settings.INVITATION_DAYS,
            "inviter": invited_by.get_full_name() or invited_by.get_username(),
        }, language=language, reason=reason)
    log.info("Invitation: by=%r record=%s:%s to=%r", invited_by.get_username(),
             record._meta.model_name, record.pk, email)
    return invitation


class InviteAdminMixin:
    """An "invite a manager" page on a record's admin change page, scoped like the page:
    out of the curator's networks it answers 404, without the right to change it 403."""

    invite_template = "admin/members/invite.html"

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path("<path:object_id>/invite/", self.admin_site.admin_view(self.invite_view),
                 name=f"{info[0]}_{info[1]}_invite"),
            *super().get_urls(),
        ]

    def invite_view(self, request, object_id):
        obj = self.get_object(request, object_id)  # 404 out of scope
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        form = InvitationForm(request.POST or None,
                              initial={"language": translation.get_language()})
        if request.method == "POST" and form.is_valid():
            invite(obj, email=form.cleaned_data["email"], language=form.cleaned_data["language"],
                   invited_by=request.user, request=request)
            self.message_user(request, _("The invitation was sent to %(email)s.")
                              % {"email": form.cleaned_data["email"]}, messages.SUCCESS)
            return redirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
                                    args=[obj.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Invite a manager of %(name)s") % {"name": obj.name}
            if isinstance(obj, Organisation) else
            _("Invite %(name)s to her or his listing") % {"name": obj.name},
            "opts": self.opts, "original": obj, "form": form, "days": settings.INVITATION_DAYS,
            "invitations": obj.invitations.select_related("invited_by", "account")[:20],
            "media": self.media + form.media,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.invite_template, context,
                                status=400 if form.is_bound else 200)


# --- accepting ----------------------------------------------------------------------------

class AcceptForm(SetPasswordForm):
    """Choose a password (Django's validators) for the account the invitation creates."""

    def __init__(self, *args, email, **kwargs):
        super().__init__(User(username=email, email=email), *args, **kwargs)
        self.fields["new_password1"].widget.attrs["autocomplete"] = "new-password"
        self.fields["new_password1"].label = _("Password")
        self.fields["new_password2"].label = _("The same password again")


def find_invitation(token):
    """``(invitation, status)``: the usable invitation, or None with 404 (unknown) or 410
    (used or expired)."""
    if not token or len(token) > 100:
        return None, 404
    invitation = (Invitation.objects.select_related("organisation", "person")
                  .filter(token_hash=hash_token(token)).first())
    if invitation is None:
        return None, 404
    if invitation.accepted_at is not None or invitation.expired:
        return invitation, 410
    return invitation, 200


def link_account(invitation, user):
    """Make ``user`` a manager of the invitation's organisation, or its person's account."""
    if invitation.organisation_id:
        invitation.organisation.managers.add(user)
    else:
        # Not a save: the person's editable fields, and so her version, do not change.
        Person.objects.filter(pk=invitation.person_id).update(account=user)


@private
@sensitive_post_parameters("new_password1", "new_password2")
def accept_invitation(request, token):
    invitation, status = find_invitation(token)
    if status != 200:
        reason = "unknown" if invitation is None else (
            "used" if invitation.accepted_at else "expired")
        log.warning("Invitation refused: reason=%s ip=%s", reason, request.META.get("REMOTE_ADDR"))
        return render(request, "account/invitation_invalid.html", {"reason": reason},
                      status=status)
    existing = User.objects.filter(username__iexact=invitation.email).first()
    if existing is not None:
        return _accept_as_existing(request, invitation, existing)
    form = AcceptForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            # Taken again under the transaction: a second submit of the same link loses.
            claimed = Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True,
                                                expires_at__gt=timezone.now()).update(
                accepted_at=timezone.now())
            if not claimed or User.objects.filter(username__iexact=invitation.email).exists():
                transaction.set_rollback(True)
                return render(request, "account/invitation_invalid.html", {"reason": "used"},
                              status=410)
            user = User.objects.create_user(invitation.email, invitation.email,
                                            form.cleaned_data["new_password1"])
            MemberProfile.objects.create(user=user, language=invitation.language)
            Invitation.objects.filter(pk=invitation.pk).update(account=user)
            link_account(invitation, user)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        log.info("Invitation accepted: user=%r invitation=%s", user.get_username(), invitation.pk)
        return redirect("members:account")
    return render(request, "account/invitation_accept.html",
                  {"invitation": invitation, "form": form},
                  status=400 if form.is_bound else 200)


def _accept_as_existing(request, invitation, user):
    """The address has an account already: signed in as it, a click links the record;
    otherwise she signs in first and comes back to the link."""
    if request.user.is_authenticated and request.user.pk == user.pk:
        if request.method == "POST":
            with transaction.atomic():
                claimed = Invitation.objects.filter(
                    pk=invitation.pk, accepted_at__isnull=True,
                    expires_at__gt=timezone.now()).update(accepted_at=timezone.now(),
                                                          account=user)
                if claimed:
                    link_account(invitation, user)
            return redirect("members:account")
        return render(request, "account/invitation_existing.html",
                      {"invitation": invitation, "signed_in": True})
    login_url = reverse("two_factor:login") + "?" + urlencode({"next": request.path})
    return render(request, "account/invitation_existing.html",
                  {"invitation": invitation, "signed_in": False, "login_url": login_url},
                  status=409)


# --- the account page ---------------------------------------------------------------------

@private
@login_required
def account(request):
    user = request.user
    organisations = list(user.managed_organisations.order_by("name"))
    public = set(Organisation.objects.public().filter(managers=user).values_list("pk", flat=True))
    for organisation in organisations:
        organisation.is_public = organisation.pk in public
    person = Person.objects.filter(account=user).first()
    public_self = public_person(person.slug) if person is not None else None
    proposals = [(proposal, changed_labels(proposal))
                 for proposal in user.proposals.select_related("organisation")[:20]]
    return render(request, "account/account.html", {
        "organisations": organisations, "proposals": proposals,
        "person": person,
        # What the public sees of her, as the public sees it (None: nothing at all).
        "public_self": public_self, "person_public": public_self is not None,
        "second_factor": default_device(user) is not None,
        "profile_language": member_language(user, translation.get_language()),
    })


class LogoutView(auth_views.LogoutView):
    """Sign-out (POST only, as Django's), to the home page in the page's language."""

    def get_success_url(self):
        return reverse("network:home")


logout = private(LogoutView.as_view())


# --- password reset -----------------------------------------------------------------------

def reset_mail_allowed(user):
    """At most ``PASSWORD_RESET_MAILS_PER_HOUR`` reset mails to one account an hour, so
    that nobody can flood a member's mailbox from the reset page."""
    key = f"password-reset-mails:{user.pk}"
    cache.add(key, 0, timeout=3600)
    try:
        sent = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, timeout=3600)
        sent = 1
    return sent <= settings.PASSWORD_RESET_MAILS_PER_HOUR


class MailPasswordResetForm(PasswordResetForm):
    """Django's reset form, its mail sent by our task in the account's language."""

    email = forms.EmailField(label=_("E-mail address"), max_length=254,
                             widget=forms.EmailInput(attrs={"autocomplete": "email",
                                                            "dir": "ltr"}))

    def save(self, *args, request=None, **kwargs):
        self._request = request
        return super().save(*args, request=request, **kwargs)

    def send_mail(self, subject_template_name, email_template_name, context, from_email,
                  to_email, html_email_template_name=None):
        user = context["user"]
        if not reset_mail_allowed(user):
            # The page says the same either way: nothing tells an address was limited.
            log.warning("Password reset mail not sent: limit reached for user=%r",
                        user.get_username())
            return
        language = member_language(user, translation.get_language())
        with translation.override(language):
            link = absolute_url(self._request, reverse(
                "members:password-reset-confirm",
                kwargs={"uidb64": context["uid"], "token": context["token"]}))
            reason = _("You receive this message because a password reset was asked for "
                       "the account of this address in the directory.")
        send_mail(to_email, "password_reset", {"link": link}, language=language,
                  reason=reason)
        log.info("Password reset mail: user=%r", user.get_username())


PASSWORD_RESET_VIEWS = {
    "form": private(auth_views.PasswordResetView.as_view(
        form_class=MailPasswordResetForm, template_name="account/password_reset_form.html",
        success_url=reverse_lazy("members:password-reset-done"))),
    "done": private(auth_views.PasswordResetDoneView.as_view(
        template_name="account/password_reset_done.html")),
    "confirm": private(auth_views.PasswordResetConfirmView.as_view(
        template_name="account/password_reset_confirm.html",
        success_url=reverse_lazy("members:password-reset-complete"))),
    "complete": private(auth_views.PasswordResetCompleteView.as_view(
        template_name="account/password_reset_complete.html")),
}


# --- her own listing ----------------------------------------------------------------------

GRANT = "own_listing"


def _granted_person(request):
    """The person whose listing link this browser opened, while it lasts, or None."""
    grant = request.session.get(GRANT)
    if not grant or grant.get("until", 0) < timezone.now().timestamp():
        return None
    return Person.objects.filter(pk=grant.get("person")).first()


def own_listing_required(view):
    """For her own listing's pages: the person of the signed-in account, or of the listing
    link opened in this browser (``request.own_person``); otherwise the sign-in page, and
    404 for an account linked to no listing."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        person = _granted_person(request)
        if person is None and request.user.is_authenticated:
            person = Person.objects.filter(account=request.user).first()
            if person is None:
                raise Http404(_("Your account is not linked to a listing."))
        if person is None:
            return redirect_to_login(request.get_full_path(), reverse("two_factor:login"))
        request.own_person = person
        return view(request, *args, **kwargs)

    return wrapped


def own_record(person):
    """Everything stored of ``person`` that she may download: her fields, her consents
    (without the staff's notes and who recorded them) and what the public sees of her."""
    public = public_person(person.slug)
    return {
        "slug": person.slug,
        **{f"{name}_{code}": getattr(person, f"{name}_{code}") or ""
           for name in ("name", "title", "bio", "city") for code in LANGUAGE_CODES},
        "country": person.country.code,
        "location_shown": person.location_shown,
        "organisation": person.organisation.slug if person.organisation else "",
        "networks": [network.slug for network in person.networks.all()],
        "email": person.email, "phone": person.phone,
        "social": [line for line in person.social_handles.splitlines() if line.strip()],
        "visibility": {field: getattr(person, field) for field in PERSON_VISIBILITY_FIELDS},
        "consents": [
            {"given_by": consent.given_by, "method": consent.method,
             "given_on": consent.given_on.isoformat(),
             "review_on": consent.review_on.isoformat(),
             "covers": [name for name in Consent.FIELDS if consent.covers(name)],
             "withdrawn_at": consent.withdrawn_at.isoformat() if consent.withdrawn_at
             else None}
            for consent in person.consents.order_by("-given_on", "-pk")],
        "public_record": public_person_record(public) if public is not None else None,
    }


@private
@own_listing_required
def own_record_download(request):
    """Her record as JSON, as a file."""
    person = request.own_person
    response = JsonResponse(own_record(person), json_dumps_params={
        "ensure_ascii": False, "indent": 1})
    response["Content-Disposition"] = f'attachment; filename="{person.slug}.json"'
    return response


@private
@own_listing_required
def own_listing(request):
    """Her listing as the public sees it, with what she can do about it."""
    person = request.own_person
    return render(request, "account/own_listing.html", {
        "person": person, "public_self": public_person(person.slug),
        "by_link": not request.user.is_authenticated,
        "minutes": settings.LISTING_LINK_MINUTES})


@private
@own_listing_required
def withdraw_consent(request):
    """She withdraws her consent in one step: every consent in force is withdrawn, by her,
    and she disappears from every public page at once (the content generation moves on
    when the transaction commits, so no cached page keeps her)."""
    person = request.own_person
    active = list(Consent.objects.active().filter(person=person))
    if request.method == "POST":
        by = request.user if request.user.is_authenticated else None
        with transaction.atomic():
            for consent in active:
                consent.withdraw(by=by)
        log.info("Consent withdrawn by the person herself: person=%s consents=%d via=%s",
                 person.pk, len(active), "account" if by else "link")
        if active:
            messages.success(request, _("Your consent is withdrawn: your listing is no "
                                        "longer shown on any page."))
        return redirect("members:own-listing")
    return render(request, "account/withdraw_consent.html", {
        "person": person, "active": bool(active)})


# --- a link to her own listing, without an account ----------------------------------------

class ListingLinkForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of the message"),
                                 choices=settings.LANGUAGES)


def new_listing_link(person, *, language, sent_by):
    """``(link, token)``: a new single-use link to ``person``'s own listing, for her
    recorded address (``sent_by`` None: sent by a periodic job)."""
    token = new_token()
    now = timezone.now()
    link = ListingLink.objects.create(
        person=person, email=person.email, language=language, sent_by=sent_by,
        token_hash=hash_token(token), created_at=now,
        expires_at=now + timedelta(days=settings.LISTING_LINK_DAYS))
    return link, token


def send_listing_link(person, *, language, sent_by, request):
    """Store a single-use link to ``person``'s own listing and enqueue its mail to her
    recorded address."""
    with transaction.atomic():
        link, token = new_listing_link(person, language=language, sent_by=sent_by)
        with translation.override(language):
            url = absolute_url(request, reverse("members:open-listing-link",
                                                kwargs={"token": token}))
            reason = _("You receive this message because a curator of the directory sent "
                       "the person listed with this address a link to her or his listing.")
            name = str(person.name)
        send_mail(person.email, "listing_link", {
            "link": url, "name": name, "days": settings.LISTING_LINK_DAYS,
            "minutes": settings.LISTING_LINK_MINUTES,
        }, language=language, reason=reason)
    log.info("Listing link: by=%r person=%s", sent_by and sent_by.get_username(), person.pk)
    return link


class ListingLinkAdminMixin:
    """A "send a link to her or his listing" page on a person's admin change page, scoped
    like the page (404 out of the curator's networks, 403 without the right to change)."""

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path("<path:object_id>/listing-link/",
                 self.admin_site.admin_view(self.listing_link_view),
                 name=f"{info[0]}_{info[1]}_listing_link"),
            *super().get_urls(),
        ]

    def listing_link_view(self, request, object_id):
        person = self.get_object(request, object_id)  # 404 out of scope
        if person is None:
            raise Http404
        if not self.has_change_permission(request, person):
            raise PermissionDenied
        form = ListingLinkForm(request.POST or None,
                               initial={"language": translation.get_language()})
        if request.method == "POST" and not person.email:
            form.add_error(None, _("This person has no recorded e-mail address: the link "
                                   "can only go to the address on record."))
        if request.method == "POST" and form.is_valid():
            send_listing_link(person, language=form.cleaned_data["language"],
                              sent_by=request.user, request=request)
            self.message_user(request, _("The link was sent to the recorded address."),
                              messages.SUCCESS)
            return redirect(reverse("admin:members_person_change", args=[person.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Send %(name)s a link to her or his listing") % {"name": person.name},
            "opts": self.opts, "original": person, "form": form,
            "days": settings.LISTING_LINK_DAYS, "minutes": settings.LISTING_LINK_MINUTES,
            "links": person.listing_links.select_related("sent_by")[:20],
            "media": self.media + form.media,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/members/listing_link.html", context,
                                status=400 if form.is_bound else 200)


@private
def open_listing_link(request, token):
    """Opening the link (once): her listing stays open in this browser for
    ``LISTING_LINK_MINUTES``."""
    link = None
    if token and len(token) <= 100:
        link = ListingLink.objects.filter(token_hash=hash_token(token)).first()
    if link is None or link.used_at is not None or link.expired:
        reason = "unknown" if link is None else ("used" if link.used_at else "expired")
        log.warning("Listing link refused: reason=%s", reason)
        return render(request, "account/listing_link_invalid.html", {"reason": reason},
                      status=404 if link is None else 410)
    claimed = ListingLink.objects.filter(pk=link.pk, used_at__isnull=True).update(
        used_at=timezone.now())
    if not claimed:
        return render(request, "account/listing_link_invalid.html", {"reason": "used"},
                      status=410)
    request.session.cycle_key()
    request.session[GRANT] = {
        "person": link.person_id,
        "until": (timezone.now() + timedelta(minutes=settings.LISTING_LINK_MINUTES))
        .timestamp()}
    log.info("Listing link opened: person=%s", link.person_id)
    return redirect("members:own-listing")
