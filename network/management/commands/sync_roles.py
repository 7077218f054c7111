from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from network.core.roles import ROLES, sync_roles


class Command(BaseCommand):
    help = "Create the staff role groups (network curator, librarian) with their permissions."

    def handle(self, *args, **options):
        sync_roles()
        self.stdout.write(_("Roles in step: %(roles)s.") % {"roles": ", ".join(ROLES)})
