"""The fields of an organisation's profile its managers may change, and their labels.

Read by the manager's form and the curators' review (members/proposals.py) and by the
account page, which lists her proposals (members/accounts.py).
"""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

from .models import Organisation, Visibility

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
TRANSLATED = ("name", "city", "description")
VISIBILITY_FIELDS = ("email_visibility", "phone_visibility", "address_visibility",
                     "social_visibility")
# Narrowest last: a change to a later one makes the field more private.
VISIBILITY_RANK = {Visibility.PUBLIC: 0, Visibility.MEMBERS: 1, Visibility.STAFF: 2}

# What a manager may change, in the order the form and the review show it. Contact fields
# sit beside their visibility.
EDITABLE = [
    *(f"name_{code}" for code in LANGUAGE_CODES),
    *(f"description_{code}" for code in LANGUAGE_CODES),
    *(f"city_{code}" for code in LANGUAGE_CODES),
    "website", "social_links", "social_visibility", "tracks", "languages",
    "email", "email_visibility", "phone", "phone_visibility", "address", "address_visibility",
    "accepts_messages",
]
#: Yes/no fields whose "no" narrows what anyone can do (the contact relay): turning one off
#: applies at once, turning it on waits for a curator.
NARROWING_WHEN_OFF = ("accepts_messages",)


def field_label(name):
    """``name``'s label as a person reads it: "Name (Arabic)" for a translated field."""
    base, _sep, code = name.rpartition("_")
    if base in TRANSLATED and code in LANGUAGE_CODES:
        language = translation.get_language_info(code)["name_translated"]
        label = Organisation._meta.get_field(base).verbose_name
        return gettext("%(field)s (%(language)s)") % {"field": str(label).capitalize(),
                                                     "language": language}
    return str(Organisation._meta.get_field(name).verbose_name).capitalize()


def changed_labels(proposal):
    """The labels of the fields ``proposal`` changes, in the form's order."""
    return [field_label(name) for name in EDITABLE if name in proposal.changes]
