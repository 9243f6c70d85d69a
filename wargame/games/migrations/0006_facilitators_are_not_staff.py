# Facilitators were created as staff, which let them sign in to the Django admin. The admin is
# for superusers only: every account that is not a superuser stops being staff.

from django.conf import settings
from django.db import migrations


def facilitators_are_not_staff(apps, schema_editor):
    app_label, model_name = settings.AUTH_USER_MODEL.split(".")
    User = apps.get_model(app_label, model_name)
    User.objects.filter(is_staff=True, is_superuser=False).update(is_staff=False)


class Migration(migrations.Migration):

    dependencies = [
        ('games', '0005_event_request_hash'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(facilitators_are_not_staff, migrations.RunPython.noop),
    ]
