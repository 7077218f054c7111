"""Freshness: when each organisation and person was last checked, and by whom.

``assured_date``/``assured_by`` (Open Referral HSDS's name) are set by two paths only:

- a curator confirms records in the admin (the action "Confirm as checked today",
  :func:`confirm_checked`), within her networks;
- a curator approves an organisation manager's **check-in** — a proposal with no change,
  meaning "the profile is still right" (members/proposals.py approves it and calls
  :func:`mark_checked`).

A manager checks in from her account page, or from the yearly mail
(:func:`send_checkin_requests`, ``manage.py send_checkin_requests``, weekly in cron): a link
signed for her and the organisation opens a page with one button, no sign-in needed;
the mail also links the edit form. Curators find the records not checked for
``FRESHNESS_DAYS`` with the admin's "Last checked" filter; public profiles say "last
checked on …".
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import router, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from network.core.links import site_url
from network.core.mail import send_mail
from network.core.scoping import locked_selection

from .accounts import member_language
from .models import Organisation

log = logging.getLogger("directory.curation")
SALT = "members.freshness.checkin"


def stale_before(today=None):
    """Records checked before this date (or never) are due for a check."""
    return (today or timezone.localdate()) - timedelta(days=settings.FRESHNESS_DAYS)


def mark_checked(record, *, by, reason):
    """Set ``record``'s last check to today, by ``by`` (a row locked by the caller)."""
    record.assured_date = timezone.localdate()
    record.assured_by = by
    record._history_user = by  # django-simple-history
    record._change_reason = reason[:100]
    record.save(update_fields=["assured_date", "assured_by", "updated_at"])


@admin.action(description=_("Confirm as checked today"), permissions=["change"])
def confirm_checked(modeladmin, request, queryset):
    """The curator vouches that the selected records are right today."""
    count = 0
    with transaction.atomic(using=router.db_for_write(queryset.model)):
        for record in locked_selection(modeladmin, request, queryset):
            mark_checked(record, by=request.user, reason=gettext("Checked by a curator"))
            count += 1
    modeladmin.message_user(request, ngettext(
        "%(count)d record confirmed as checked today.",
        "%(count)d records confirmed as checked today.", count) % {"count": count},
        messages.SUCCESS)


class LastCheckedFilter(admin.SimpleListFilter):
    title = _("last checked")
    parameter_name = "checked"

    def lookups(self, request, model_admin):
        return [("stale", ngettext("Not checked for %(days)d day",
                                   "Not checked for %(days)d days", settings.FRESHNESS_DAYS)
                 % {"days": settings.FRESHNESS_DAYS}),
                ("never", _("Never checked")),
                ("recent", _("Checked recently"))]

    def queryset(self, request, queryset):
        before = stale_before()
        match self.value():
            case "stale":
                return queryset.filter(Q(assured_date__isnull=True)
                                       | Q(assured_date__lt=before))
            case "never":
                return queryset.filter(assured_date__isnull=True)
            case "recent":
                return queryset.filter(assured_date__gte=before)
        return queryset


# --- a manager's check-in -----------------------------------------------------------------

def checkin_token(organisation, user):
    return signing.dumps({"o": organisation.pk, "u": user.pk}, salt=SALT)


def read_checkin_token(token):
    """``(organisation, user)`` of a valid token whose user still manages it, else None."""
    try:
        data = signing.loads(token, salt=SALT,
                             max_age=timedelta(days=settings.CHECKIN_LINK_DAYS))
    except signing.BadSignature:
        return None
    organisation = Organisation.objects.filter(pk=data.get("o"), managers=data.get("u")).first()
    if organisation is None:
        return None
    return organisation, get_user_model().objects.get(pk=data["u"])


def send_checkin_requests(today=None):
    """Ask the managers of each published organisation not checked for
    ``FRESHNESS_DAYS``, and not asked in that time, to check it. Returns how many
    organisations were asked."""
    today = today or timezone.localdate()
    before = stale_before(today)
    asked_before = timezone.now() - timedelta(days=settings.FRESHNESS_DAYS)
    due = (Organisation.objects.filter(status=Organisation.Status.PUBLISHED,
                                       managers__isnull=False)
           .filter(Q(assured_date__isnull=True, created_at__date__lt=before)
                   | Q(assured_date__lt=before))
           .filter(Q(checkin_sent_at__isnull=True) | Q(checkin_sent_at__lt=asked_before))
           .distinct().order_by("pk").prefetch_related("managers"))
    count = 0
    for organisation in due:
        for manager in organisation.managers.all():
            if not manager.is_active or not manager.email:
                continue
            language = member_language(manager)
            with translation.override(language):
                confirm = site_url(reverse("members:organisation-checkin-link", kwargs={
                    "slug": organisation.slug, "token": checkin_token(organisation, manager)}))
                edit = site_url(reverse("members:organisation-edit",
                                        kwargs={"slug": organisation.slug}))
                reason = _("You receive this message because you manage this organisation's "
                           "listing in the directory.")
                name = str(organisation.name)
            send_mail(manager.email, "checkin_request", {
                "record_name": name, "confirm": confirm, "edit": edit,
                "checked": organisation.assured_date, "days": settings.CHECKIN_LINK_DAYS,
            }, language=language, reason=reason)
        Organisation.objects.filter(pk=organisation.pk).update(checkin_sent_at=timezone.now())
        count += 1
    log.info("Check-in requests: organisations=%d", count)
    return count
