"""Consent reminders: nobody stays listed on a consent that quietly ran out, and nobody is
hidden without her curators knowing why.

:func:`send_consent_reminders` (``manage.py send_consent_reminders``, weekly; README) does
two things:

- each curator gets one mail, in her language, listing per network she curates the
  consents that reach their review date within ``CONSENT_REMINDER_DAYS`` (30) and those
  that lapsed in the last week — nothing is sent when there is nothing to say;
- each person whose consent reaches its review date within ``CONSENT_REMINDER_DAYS`` and
  who has a recorded e-mail address gets, once, a single-use link to her own listing
  (a :class:`~members.models.ListingLink`), where she renews her consent in one step
  (:func:`renew_consent`) or withdraws it.

Renewing keeps exactly what the consent covers and moves its review date
``CONSENT_RENEWAL_DAYS`` (365) on from today; it is recorded in the history as hers. A
consent already past its review date cannot be renewed from the link: a curator records a
new one.
"""

import logging
from datetime import datetime, time, timedelta

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from network.core.links import site_url
from network.core.mail import send_mail
from network.models import Network

from .accounts import member_language, new_listing_link, own_listing_required, private
from .models import Consent, ListingLink

log = logging.getLogger("directory.curation")


def person_language(person):
    return member_language(person.account) if person.account_id else settings.LANGUAGE_CODE


def remind_people(today):
    """Send each person whose consent is due a link to renew it, once per review date.
    Returns how many were sent."""
    window = timedelta(days=settings.CONSENT_REMINDER_DAYS)
    due = (Consent.objects.active(today).filter(review_on__lte=today + window)
           .select_related("person").order_by("review_on", "pk"))
    sent, seen = 0, set()
    for consent in due:
        person = consent.person
        if person.pk in seen or not person.email:
            continue
        seen.add(person.pk)
        # Once per review date: any link sent since the reminder window opened counts.
        opened = timezone.make_aware(datetime.combine(consent.review_on - window, time()))
        if ListingLink.objects.filter(person=person, created_at__gte=opened).exists():
            continue
        language = person_language(person)
        link, token = new_listing_link(person, language=language, sent_by=None)
        with translation.override(language):
            url = site_url(reverse("members:open-listing-link", kwargs={"token": token}))
            reason = _("You receive this message because you agreed to be listed in the "
                       "directory with this address, and your consent reaches its review "
                       "date.")
            name = str(person.name)
        send_mail(person.email, "consent_renewal", {
            "link": url, "name": name, "review_on": consent.review_on,
            "days": settings.LISTING_LINK_DAYS,
            "renewal_days": settings.CONSENT_RENEWAL_DAYS,
        }, language=language, reason=reason)
        sent += 1
    return sent


def consents_to_report(network, today):
    """``(due, lapsed)``: the consents of ``network``'s people reaching their review date
    within the window, and those that lapsed in the last week, by date."""
    consents = (Consent.objects.filter(person__networks=network, withdrawn_at__isnull=True)
                .select_related("person").distinct().order_by("review_on", "pk"))
    due = consents.filter(review_on__gte=today,
                          review_on__lte=today + timedelta(days=settings.CONSENT_REMINDER_DAYS))
    lapsed = consents.filter(review_on__lt=today, review_on__gte=today - timedelta(days=7))
    return list(due), list(lapsed)


def remind_curators(today):
    """One mail per curator listing what is due or lapsed in her networks. Returns how many
    were sent."""
    report = {network: consents_to_report(network, today)
              for network in Network.objects.prefetch_related("curators")}
    curators = {}
    for network, (due, lapsed) in report.items():
        if not due and not lapsed:
            continue
        for curator in network.curators.all():
            if curator.is_active and curator.is_staff and curator.email:
                curators.setdefault(curator, []).append(network)
    for curator, networks in sorted(curators.items(), key=lambda item: item[0].pk):
        language = member_language(curator)
        with translation.override(language):
            sections = [{
                "network": str(network.short_name),
                "due": [(str(consent.person.name), consent.review_on,
                         site_url(reverse("admin:members_consent_change",
                                           args=[consent.pk])),
                         bool(consent.person.email)) for consent in report[network][0]],
                "lapsed": [(str(consent.person.name), consent.review_on,
                            site_url(reverse("admin:members_consent_change",
                                              args=[consent.pk])))
                           for consent in report[network][1]],
            } for network in networks]
            reason = _("You receive this message because you curate these networks in the "
                       "directory.")
        send_mail(curator.email, "consent_digest", {
            "sections": sections, "days": settings.CONSENT_REMINDER_DAYS,
        }, language=language, reason=reason)
    return len(curators)


def send_consent_reminders(today=None):
    """The weekly job: ``(people reminded, curators told)``."""
    today = today or timezone.localdate()
    people = remind_people(today)
    curators = remind_curators(today)
    log.info("Consent reminders: people=%d curators=%d", people, curators)
    return people, curators


@private
@own_listing_required
def renew_consent(request):
    """She renews her consent in one step: every consent of hers in force keeps what it
    covers, with a review date ``CONSENT_RENEWAL_DAYS`` from today."""
    person = request.own_person
    today = timezone.localdate()
    active = list(Consent.objects.active(today).filter(person=person))
    until = today + timedelta(days=settings.CONSENT_RENEWAL_DAYS)
    if request.method == "POST":
        by = request.user if request.user.is_authenticated else None
        with transaction.atomic():
            for consent in active:
                consent = Consent.objects.select_for_update().get(pk=consent.pk)
                consent.review_on = max(consent.review_on, until)
                consent._history_user = by  # django-simple-history
                consent._change_reason = gettext("Renewed by the person herself")[:100]
                consent.save()
        log.info("Consent renewed by the person herself: person=%s consents=%d via=%s",
                 person.pk, len(active), "account" if by else "link")
        if active:
            messages.success(request, gettext("Your consent is renewed until %(date)s.") % {
                "date": date_format(until, "DATE_FORMAT")})
        return redirect("members:own-listing")
    return render(request, "account/renew_consent.html", {
        "person": person, "active": active, "until": until,
        "covers": [Consent._meta.get_field(f"show_{name}").verbose_name
                   for name in Consent.FIELDS
                   if any(consent.covers(name) for consent in active)]})
