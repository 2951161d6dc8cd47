"""Assignment belongs to the round: its table moves to the rounds app, every row kept.

The table is renamed here and the model leaves this app's state; rounds.0002 takes the model over
without touching the database, so no row is copied and none is lost.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('frameworks', '0002_initial'),
        ('rounds', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(name='assignment', table='rounds_assignment'),
            ],
            state_operations=[
                migrations.DeleteModel(name='assignment'),
            ],
        ),
    ]
