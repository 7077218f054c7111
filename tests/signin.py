"""Staff sign-in for tests: the admin wants a password and a second factor."""

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


def totp_token(device):
    """The code an authenticator app shows now for ``device``, as the digits typed.

    A code is accepted once per 30-second step: ask for it just before typing it.
    """
    token = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return str(token).zfill(device.digits)


def login_verified(client, user):
    """Sign ``user`` into the test ``client`` as if the password and a TOTP code had been
    given, creating the user's TOTP device if needed; returns the device.

    Like ``django_otp.login``, this records the device in the session, which is what
    makes ``request.user.is_verified()`` true.
    """
    device = (TOTPDevice.objects.filter(user=user, name="default").first()
              or TOTPDevice.objects.create(user=user, name="default"))
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device
