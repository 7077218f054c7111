"""Month names as the networks write them in Arabic: the Levantine/Iraqi name with the
international one ("تشرين الثاني/نوفمبر"), not Django's Egyptian set alone ("نوفمبر").

Marked here so that the catalogue keeps them: Django's date formats look the same
message ids up (django.utils.dates.MONTHS), and this project's catalogue comes first.
"""

from django.utils.translation import gettext_noop

MONTHS = [
    gettext_noop("January"), gettext_noop("February"), gettext_noop("March"),
    gettext_noop("April"), gettext_noop("May"), gettext_noop("June"),
    gettext_noop("July"), gettext_noop("August"), gettext_noop("September"),
    gettext_noop("October"), gettext_noop("November"), gettext_noop("December"),
]
