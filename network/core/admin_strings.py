"""Keeps in our catalogue the msgids that only translate third-party admin text.

This module's only purpose is to hold those msgids: ``makemessages --no-obsolete``
drops any msgid it does not find in our sources, and an entry of our catalogue (read
before the third-party ones) is what overrides their missing or wrong Arabic.
:func:`translate_third_party` makes the few hard-coded English labels of django-otp and
the app names translatable, with these msgids.
"""

from django.apps import apps
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy, gettext_noop, ngettext_lazy, pgettext_lazy

# The role groups' names, shown wherever a group is (network/core/roles.py keeps them English).
ROLE_NAMES = [gettext_noop("network curator"), gettext_noop("librarian")]

# App names: the admin shows them as section headings.
APP_NAMES = {
    "axes": gettext_noop("Sign-in lockouts"),
    "otp_static": gettext_noop("Backup codes"),
    "otp_totp": gettext_noop("Authenticator apps"),
    "two_factor": gettext_noop("Two-factor sign-in"),
    "django_tasks_database": gettext_noop("Background tasks"),
}

# django-tasks-db's task results (the mail queue, network/core/mail.py): its labels are
# translatable, but it ships no Arabic.
TASK_STRINGS = [
    gettext_noop("Task Result"),
    gettext_noop("Task Results"),
    gettext_noop("enqueued at"),
    gettext_noop("started at"),
    gettext_noop("finished at"),
    gettext_noop("args kwargs"),
    gettext_noop("priority"),
    gettext_noop("task path"),
    gettext_noop("worker id"),
    gettext_noop("queue name"),
    gettext_noop("backend name"),
    gettext_noop("run after"),
    gettext_noop("return value"),
    gettext_noop("exception class path"),
    gettext_noop("traceback"),
    gettext_noop("Task name"),
    pgettext_lazy("Task", "Ready"),
    pgettext_lazy("Task", "Running"),
    pgettext_lazy("Task", "Failed"),
    pgettext_lazy("Task", "Successful"),
]

# django-otp's models, fields, fieldsets and columns, hard-coded in English.
OTP_STRINGS = [
    gettext_noop("static device"),
    gettext_noop("static devices"),
    gettext_noop("TOTP device"),
    gettext_noop("TOTP devices"),
    gettext_noop("static token"),
    gettext_noop("static tokens"),
    gettext_noop("user"),
    gettext_noop("name"),
    gettext_noop("confirmed"),
    gettext_noop("created at"),
    gettext_noop("last used at"),
    gettext_noop("key"),
    gettext_noop("step"),
    gettext_noop("t0"),
    gettext_noop("digits"),
    gettext_noop("tolerance"),
    gettext_noop("drift"),
    gettext_noop("last t"),
    gettext_noop("token"),
    gettext_noop("device"),
    gettext_noop("throttling failure timestamp"),
    gettext_noop("throttling failure count"),
    gettext_noop("The user that this device belongs to."),
    gettext_noop("The human-readable name of this device."),
    gettext_noop("Is this device ready for use?"),
    gettext_noop("The date and time when this device was initially created in the system."),
    gettext_noop("The most recent date and time this device was used."),
    gettext_noop("A hex-encoded secret key of up to 40 bytes."),
    gettext_noop("The time step in seconds."),
    gettext_noop("The Unix time at which to begin counting steps."),
    gettext_noop("The number of digits to expect in a token."),
    gettext_noop("The number of time steps in the past or future to allow."),
    gettext_noop("The number of time steps the prover is known to deviate from our clock."),
    gettext_noop("The t value of the latest verified token. The next token must be at a higher "
                 "time step."),
    gettext_noop("A timestamp of the last failed verification attempt. Null if last attempt "
                 "succeeded."),
    gettext_noop("Number of successive failed attempts."),
    gettext_noop("Identity"),
    gettext_noop("Configuration"),
    gettext_noop("State"),
    gettext_noop("Throttling"),
    gettext_noop("Timestamps"),
    gettext_noop("QR Code"),
]

# Missing or wrong in Django's, django-axes' and django-import-export's Arabic.
OVERRIDES = [
    gettext_noop("Locked Out"),
    gettext_noop("access attempt expiration"),
    gettext_noop("access attempt expirations"),
    gettext_noop("salt"),
    gettext_noop("hash"),
    gettext_noop("Password-based authentication"),
    gettext_noop("Enabled"),
    gettext_noop("Disabled"),
    gettext_noop("Reset password"),
    gettext_noop("Set password"),
    gettext_noop("Whether the user will be able to authenticate using a password or not. "
                 "If disabled, they may still be able to authenticate using other "
                 "backends, such as Single Sign-On or LDAP."),
    gettext_noop("Raw passwords are not stored, so there is no way to see the user’s "
                 "password."),
    gettext_noop("The {name} “{obj}” was changed successfully."),
    gettext_noop("Import"),
    gettext_noop("File to import"),
    gettext_noop("Confirm import"),
    gettext_noop("Below is a preview of data to be imported. If you are satisfied with the "
                 "results, click 'Confirm import'"),
    gettext_noop("Import finished: {} new, {} updated, {} deleted and {} skipped {}."),
    gettext_noop("This exporter will export the following fields: "),
    gettext_noop("Select all"),
    gettext_noop("Some rows failed to validate"),
    gettext_noop("Row"),
    gettext_noop("Non field specific"),
    gettext_noop("Value could not be parsed."),
    gettext_noop("Please correct these errors in your data where possible, then reupload it "
                 "using the form above."),
    gettext_noop("No valid data to import. Ensure your file has the correct headers or data "
                 "for import."),
    gettext_noop("%(exc_name)s encountered while trying to read file. Ensure you have chosen "
                 "the correct format for the file."),
]

# Django's password validators: its Arabic lacks the plural form used for 11 to 99
# characters (MinimumLengthValidator's 12), so the sign-up and reset pages showed English.
PASSWORD_STRINGS = [
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.", 12),
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
