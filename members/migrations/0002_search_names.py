from django.db import migrations, models

import network.core.search
from network.core.text import normalize


def fill_search_names(apps, schema_editor):
    Organisation = apps.get_model("members", "Organisation")
    batch = []
    for organisation in Organisation.objects.only("acronym", "name_ar", "name_en").iterator():
        organisation.search_names = normalize(
            " ".join([organisation.acronym, organisation.name_ar or "", organisation.name_en or ""]))
        batch.append(organisation)
        if len(batch) == 1000:
            Organisation.objects.bulk_update(batch, ["search_names"])
            batch = []
    Organisation.objects.bulk_update(batch, ["search_names"])


class Migration(migrations.Migration):

    dependencies = [
        ("members", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="organisation",
            name="search_names",
            field=models.TextField(blank=True, editable=False, verbose_name="search names"),
        ),
        migrations.RunPython(fill_search_names, migrations.RunPython.noop),
        # Typo-tolerant matching on names: search_names %> 'term'.
        network.core.search.trigram_index("members_organisation", "search_names"),
    ]
