"""Keeps in our catalogue the msgids that only translate third-party admin text.

This module's only purpose is to hold those msgids: ``makemessages --no-obsolete``
drops any msgid it does not find in our sources, and an entry of our catalogue (read
before the third-party ones) is what overrides their missing or wrong Arabic.
:func:`translate_third_party` makes the few hard-coded English labels of django-otp and
the app names translatable, with these msgids.
"""

from django.apps import apps
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_noop as N_

# The role groups' names, shown wherever a group is (network/roles.py keeps them English).
ROLE_NAMES = [N_("network curator"), N_("librarian")]

# App names: the admin shows them as section headings.
APP_NAMES = {"axes": N_("Sign-in lockouts"), "otp_static": N_("Backup codes"),
             "otp_totp": N_("Authenticator apps"), "two_factor": N_("Two-factor sign-in")}

# django-otp's models, fields, fieldsets and columns, hard-coded in English.
OTP_STRINGS = [
    N_("static device"), N_("static devices"), N_("TOTP device"), N_("TOTP devices"),
    N_("static token"), N_("static tokens"), N_("user"), N_("name"), N_("confirmed"),
    N_("created at"), N_("last used at"), N_("key"), N_("step"), N_("t0"), N_("digits"),
    N_("tolerance"), N_("drift"), N_("last t"), N_("token"), N_("device"),
    N_("throttling failure timestamp"), N_("throttling failure count"),
    N_("The user that this device belongs to."),
    N_("The human-readable name of this device."),
    N_("Is this device ready for use?"),
    N_("The date and time when this device was initially created in the system."),
    N_("The most recent date and time this device was used."),
    N_("A hex-encoded secret key of up to 40 bytes."),
    N_("The time step in seconds."),
    N_("The Unix time at which to begin counting steps."),
    N_("The number of digits to expect in a token."),
    N_("The number of time steps in the past or future to allow."),
    N_("The number of time steps the prover is known to deviate from our clock."),
    N_("The t value of the latest verified token. The next token must be at a higher "
       "time step."),
    N_("A timestamp of the last failed verification attempt. Null if last attempt "
       "succeeded."),
    N_("Number of successive failed attempts."),
    N_("Identity"), N_("Configuration"), N_("State"), N_("Throttling"), N_("Timestamps"),
    N_("QR Code"),
]

# Missing or wrong in Django's, django-axes' and django-import-export's Arabic.
OVERRIDES = [
    N_("Locked Out"), N_("salt"), N_("hash"),
    N_("The {name} “{obj}” was changed successfully."),
    N_("Import"), N_("File to import"), N_("Confirm import"),
    N_("Below is a preview of data to be imported. If you are satisfied with the "
       "results, click 'Confirm import'"),
    N_("Import finished: {} new, {} updated, {} deleted and {} skipped {}."),
    N_("This exporter will export the following fields: "),
    N_("Select all"), N_("Some rows failed to validate"), N_("Row"),
    N_("Non field specific"), N_("Value could not be parsed."),
    N_("Please correct these errors in your data where possible, then reupload it using "
       "the form above."),
    N_("No valid data to import. Ensure your file has the correct headers or data for "
       "import."),
    N_("%(exc_name)s encountered while trying to read file. Ensure you have chosen the "
       "correct format for the file."),
]

OTP_MODELS = [("otp_static", "staticdevice"), ("otp_static", "statictoken"),
              ("otp_totp", "totpdevice")]


def _lazy(text):
    return text if isinstance(text, Promise) or not text else gettext_lazy(str(text))


def translate_third_party():
    """Give the apps and django-otp's models translatable names, labels and help."""
    for label, name in APP_NAMES.items():
        if label in apps.app_configs:
            apps.get_app_config(label).verbose_name = gettext_lazy(name)
    for app_label, model_name in OTP_MODELS:
        opts = apps.get_model(app_label, model_name)._meta
        opts.verbose_name = _lazy(opts.verbose_name)
        opts.verbose_name_plural = _lazy(f"{opts.verbose_name_raw}s")
        for field in opts.get_fields():
            if hasattr(field, "verbose_name") and hasattr(field, "help_text"):
                field.verbose_name = _lazy(field.verbose_name)
                field.help_text = _lazy(field.help_text)
