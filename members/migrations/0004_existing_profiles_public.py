from django.db import migrations


def keep_existing_profiles_public(apps, schema_editor):
    # Profiles and social links published before visibility levels existed stay as they
    # were; contact details, never public before, stay staff-only.
    Organisation = apps.get_model("members", "Organisation")
    Organisation.objects.update(visibility="public", social_visibility="public")


class Migration(migrations.Migration):
    dependencies = [("members", "0003_privacy_people_history")]

    operations = [migrations.RunPython(keep_existing_profiles_public, migrations.RunPython.noop)]
