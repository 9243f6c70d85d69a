# A nullable column added without a default: on both databases an ALTER TABLE ADD COLUMN that
# rewrites no row, so the append-only guard is not involved and existing logs stay as they were.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('games', '0004_snapshot_journal'),
    ]

    operations = [
        migrations.AddField(
            model_name='event',
            name='request_hash',
            field=models.CharField(blank=True, max_length=64, null=True),
        ),
    ]
