"""The directory's pages in the sitemap: public organisations, their countries, and the
people whose consent allows a profile."""

from django.urls import reverse

from network.core.sitemaps import I18nSitemap

from .models import Organisation
from .projection import project_all, public_people


class CountrySitemap(I18nSitemap):
    def items(self):
        return list(Organisation.objects.public().order_by("country")
                    .values_list("country", flat=True).distinct())

    def location(self, code):
        return reverse("members:country-detail", kwargs={"code": code.lower()})


class OrganisationSitemap(I18nSitemap):
    def items(self):
        return Organisation.objects.public().order_by("slug").only("slug", "updated_at")

    def lastmod(self, organisation):
        return organisation.updated_at


class PersonSitemap(I18nSitemap):
    # No lastmod for people: it would tell when a hidden detail was edited.
    def items(self):
        return project_all(public_people().order_by("slug"))
