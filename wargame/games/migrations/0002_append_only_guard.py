"""Make the events table append-only in the database itself."""

from django.db import migrations

from wargame.games.guard import install_guard, remove_guard


def install(apps, schema_editor):
    install_guard(schema_editor.connection)


def remove(apps, schema_editor):
    remove_guard(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("games", "0001_initial")]
    operations = [migrations.RunPython(install, remove)]
