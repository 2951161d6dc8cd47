"""Takes over the Assignment model from the frameworks app (state only: frameworks.0003 renamed the table)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('frameworks', '0003_move_assignment_to_rounds'),
        ('rounds', '0001_initial'),
        ('units', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='Assignment',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('criterion_code', models.CharField(max_length=40, verbose_name='mã tiêu chí')),
                        ('role', models.CharField(choices=[('lead', 'Chủ trì'), ('coordinator', 'Phối hợp')], default='lead', max_length=12, verbose_name='vai trò')),
                        ('agency', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='assignments', to='units.agency', verbose_name='cơ quan')),
                        ('round', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='assignments', to='rounds.round', verbose_name='kỳ đánh giá')),
                    ],
                    options={
                        'verbose_name': 'phân công tiêu chí',
                        'verbose_name_plural': 'phân công tiêu chí',
                        'constraints': [models.UniqueConstraint(fields=('round', 'criterion_code', 'agency'), name='assignment_unique')],
                    },
                ),
            ],
        ),
    ]
