"""Staff sign-in: the two-factor views as the site uses them, the lockout page and the
security log.

Every sign-in event goes to the ``directory.security`` logger: successful and failed
sign-ins (the username typed and the client address, never a password or a code),
sign-outs, lockouts and every 403 answered to a signed-in user.
"""

import base64
import logging
import math

import qrcode
import qrcode.image.svg
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import (
    get_client_ip_address,
    get_client_username,
    get_cool_off,
    get_credentials,
    get_lockout_response,
)
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models import Max
from django.dispatch import receiver
from django.forms import TextInput
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from django_otp.plugins.otp_static.models import StaticToken
from two_factor import views as two_factor_views
from two_factor.forms import TOTPDeviceForm
from two_factor.utils import default_device, get_otpauth_url, totp_digits

log = logging.getLogger("directory.security")

# Our own wording of django-otp's errors: its catalogue has no Arabic.
OTP_ERRORS = {
    "token_required": _("Enter the code shown in your authenticator app."),
    "invalid_token": _("This code is not valid. Check it and try again."),
    "n_failed_attempts": ngettext_lazy(
        "Codes are not checked for a few seconds after %(failure_count)d wrong code. "
        "Wait a moment and try again.",
        "Codes are not checked for a few seconds after %(failure_count)d wrong codes. "
        "Wait a moment and try again.",
        "failure_count",
    ),
    "verification_not_allowed": _("Codes cannot be checked right now. Try again shortly."),
}
CODE_INPUT = {"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True,
              "pattern": "[0-9]*"}
BACKUP_CODE_INVALID = _("This backup code is not valid or has already been used.")
SIGN_IN_TIMED_OUT = _("Signing in took too long. Enter your username and password again.")


def client_address(request):
    """The client's address as django-axes reads it, so that the log matches its records."""
    return get_client_ip_address(request) if request is not None else None


@receiver(user_logged_in, dispatch_uid="directory.security.log_login")
def log_login(sender, request, user, **kwargs):
    device = getattr(user, "otp_device", None)
    log.info("Sign-in: user=%r ip=%s second_factor=%s", user.get_username(),
             client_address(request), device.persistent_id if device else "none")


@receiver(user_logged_out, dispatch_uid="directory.security.log_logout")
def log_logout(sender, request, user, **kwargs):
    log.info("Sign-out: user=%r ip=%s", user.get_username() if user else None,
             client_address(request))


@receiver(user_login_failed, dispatch_uid="directory.security.log_login_failed")
def log_login_failed(sender, credentials, request=None, second_factor=False, **kwargs):
    # Only the username from the credentials: Django masks the password, but a log line
    # should not depend on that.
    log.warning("Sign-in failed: user=%r ip=%s step=%s", get_client_username(request, credentials),
                client_address(request), "second factor" if second_factor else "password")


@receiver(user_locked_out, dispatch_uid="directory.security.log_lockout")
def log_lockout(sender, request, username, ip_address, **kwargs):
    log.warning("Sign-in locked out: user=%r ip=%s", username, ip_address)


def log_forbidden(get_response):
    """Log every 403 answered to a signed-in user, whether a view returned it or raised
    PermissionDenied."""

    def middleware(request):
        response = get_response(request)
        # The status first: anonymous pages must not load the session.
        if response.status_code == 403 and request.user.is_authenticated:
            log.warning("Forbidden: user=%r method=%s path=%r status=%s",
                        request.user.get_username(), request.method, request.path,
                        response.status_code)
        return response

    return middleware


def minutes_until_unlocked(request, credentials):
    """Whole minutes until the latest counted failure leaves the cool-off window."""
    cool_off = get_cool_off(request)
    handler = AxesProxyHandler.get_implementation()
    # The database handler (the default) keeps the time of each failure; others do not,
    # and then the whole cool-off is the honest answer.
    if not hasattr(handler, "get_user_attempts"):
        return math.ceil(cool_off.total_seconds() / 60)
    latest = [
        attempts.aggregate(latest=Max("attempt_time"))["latest"]
        for attempts in handler.get_user_attempts(request, credentials)
    ]
    latest = max((when for when in latest if when is not None), default=timezone.now())
    return max(1, math.ceil((latest + cool_off - timezone.now()).total_seconds() / 60))


def lockout_response(request, original_response=None, credentials=None):
    """The lockout page, in the request's language, saying when to try again (429)."""
    # The username is not echoed: the page does not confirm which name was typed.
    return render(request, "axes/lockout.html",
                  {"minutes": minutes_until_unlocked(request, credentials)},
                  status=settings.AXES_HTTP_RESPONSE_CODE)


class LoginView(two_factor_views.LoginView):
    """Password, then the authenticator code or a backup code; a wrong code counts as a
    failed sign-in towards the lockout."""

    def post(self, *args, **kwargs):
        user = self.get_user()
        if user and self.steps.current != self.AUTH_STEP:
            credentials = get_credentials(user.get_username())
            # The password step checks the lockout; the code step must too, or a locked
            # account could finish signing in with a code.
            if not AxesProxyHandler.is_allowed(self.request, credentials):
                log.warning("Sign-in locked out: user=%r ip=%s", user.get_username(),
                            client_address(self.request))
                self.storage.reset()
                return get_lockout_response(self.request, None, credentials)
        return super().post(*args, **kwargs)

    def get_form(self, step=None, **kwargs):
        timed_out, self.show_timeout_error = self.show_timeout_error, False
        form = super().get_form(step=step, **kwargs)
        if hasattr(form, "otp_error_messages"):
            form.otp_error_messages = {**form.otp_error_messages, **OTP_ERRORS}
            if (step or self.steps.current) == self.BACKUP_STEP:
                form.otp_error_messages["invalid_token"] = BACKUP_CODE_INVALID
            else:
                form.fields["otp_token"].widget.attrs.update(CODE_INPUT)
        if timed_out:
            form.cleaned_data = getattr(form, "cleaned_data", {})
            form.add_error(None, SIGN_IN_TIMED_OUT)
        return form

    def render(self, form=None, **kwargs):
        user = self.get_user()
        if (user and self.steps.current != self.AUTH_STEP
                and form is not None and form.is_bound and not form.is_valid()):
            user_login_failed.send(sender=__name__, request=self.request, second_factor=True,
                                   credentials=get_credentials(user.get_username()))
        return super().render(form, **kwargs)

    def get_success_url(self):
        url = super().get_success_url()
        user = self.get_user()
        # A member (not staff) has no admin: with no page asked for, her account page.
        if user and not user.is_staff and url == reverse(settings.LOGIN_REDIRECT_URL):
            return reverse("members:account")
        return url

    def done(self, form_list, **kwargs):
        user = self.get_user()
        if default_device(user) or not user.is_staff:
            # Staff with a device pass the code step; members may have set one up, and
            # then passed it too, but are never made to.
            return super().done(form_list, **kwargs)
        # Staff without a device: the password alone signs in only far enough to enrol one.
        login(self.request, self.get_user())
        self.request.session["next"] = self.get_success_url()
        return redirect("two_factor:setup")


class SetupView(two_factor_views.SetupView):
    """The authenticator-app enrolment, with the QR code inline, then the backup codes."""

    def get_form(self, step=None, **kwargs):
        form = super().get_form(step=step, **kwargs)
        if isinstance(form, TOTPDeviceForm):
            form.error_messages = {**form.error_messages,
                                   "invalid_token": OTP_ERRORS["invalid_token"]}
            # Typed like the sign-in code, not as a number with arrows.
            form.fields["token"].widget = TextInput(attrs=CODE_INPUT)
        return form

    def get_context_data(self, form, **kwargs):
        context = super().get_context_data(form, **kwargs)
        if self.steps.current == "generator":
            # Named after the directory, not after the host name the request came to.
            context["issuer"] = settings.OTP_TOTP_ISSUER
            context["otpauth_url"] = get_otpauth_url(
                self.request.user.get_username(), context["secret_key"],
                settings.OTP_TOTP_ISSUER, totp_digits())
            svg = qrcode.make(context["otpauth_url"],
                              image_factory=qrcode.image.svg.SvgPathImage).to_string()
            context["qr_data_uri"] = "data:image/svg+xml;base64," + base64.b64encode(svg).decode()
        return context

    def done(self, form_list, **kwargs):
        super().done(form_list, **kwargs)
        # Backup codes right away, so that a lost phone never locks a curator out.
        device, _created = self.request.user.staticdevice_set.get_or_create(
            defaults={"name": "backup"})
        if not device.token_set.exists():
            StaticToken.objects.bulk_create(
                StaticToken(device=device, token=StaticToken.random_token())
                for _n in range(two_factor_views.BackupTokensView.number_of_tokens))
        return redirect("two_factor:backup_tokens")


class BackupTokensView(two_factor_views.BackupTokensView):
    """The backup codes, with the way on to the page the sign-in was for."""

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "next_url": self.request.session.get("next") or reverse(
                "admin:index" if self.request.user.is_staff else "members:account"),
        }


def client_ip(request):
    """The client's address for lockouts and logs.

    Behind ``TRUSTED_PROXY_COUNT`` proxies, each appending the address it saw to
    X-Forwarded-For, the client is that many entries from the right; anything further
    left was written by the client and is ignored.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [part.strip() for part in
                     request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")
