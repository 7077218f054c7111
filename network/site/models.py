"""Whole-site records: e-mail alerts for a filtered list (network/site/alerts.py)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Subscription(models.Model):
    """An address following one list's filter by e-mail, without an account.

    Stored for this purpose only: the row (and so the address) is deleted when she
    unsubscribes, and an unconfirmed one when its confirmation link expires."""

    class List(models.TextChoices):
        DIRECTORY = "members", _("Member directory")
        LIBRARY = "publications", _("Publications library")

    class Frequency(models.TextChoices):
        DAILY = "daily", _("Daily")
        WEEKLY = "weekly", _("Weekly")

    email = models.EmailField(_("email"))
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    list_name = models.CharField(_("list"), max_length=20, choices=List.choices)
    query = models.CharField(_("filter"), max_length=500, blank=True,
                             help_text=_("The list's filter, as in its address."))
    frequency = models.CharField(_("frequency"), max_length=10, choices=Frequency.choices,
                                 default=Frequency.WEEKLY)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    last_sent_at = models.DateTimeField(
        _("last digest"), null=True, blank=True,
        help_text=_("What is new since then goes into the next digest."))

    class Meta:
        verbose_name = _("e-mail alert")
        verbose_name_plural = _("e-mail alerts")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["email", "list_name", "query"],
                                    name="network_site_subscription_unique"),
            models.CheckConstraint(condition=models.Q(list_name__in=["members", "publications"]),
                                   name="network_site_subscription_list_valid"),
            models.CheckConstraint(condition=models.Q(frequency__in=["daily", "weekly"]),
                                   name="network_site_subscription_frequency_valid"),
        ]
        indexes = [models.Index(fields=["frequency", "confirmed_at"],
                                name="network_site_subscription_due")]

    def __str__(self):
        return _("Alert for %(email)s") % {"email": self.email}
