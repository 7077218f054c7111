"""``manage.py send_digests daily|weekly``: the e-mail alerts' digests
(network/site/alerts.py). Production runs it from cron (README): daily at 6:00, and weekly
on Mondays at 6:15."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from network.core.progress import progress_bar

from ...alerts import send_digests
from ...models import Subscription


class Command(BaseCommand):
    help = "Send each confirmed e-mail alert of this frequency what is new for its search."

    def add_arguments(self, parser):
        parser.add_argument("frequency", choices=Subscription.Frequency.values)

    def handle(self, *args, frequency, **options):
        sent = send_digests(frequency, progress=lambda alerts: progress_bar(
            alerts, verbosity=options["verbosity"], unit=_("alerts")))
        self.stdout.write(f"Digests sent: {sent}")
