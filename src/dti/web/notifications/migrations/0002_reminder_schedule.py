"""The daily reminder job on django-q2's scheduler (the project's existing queue)."""

from django.db import migrations

FUNC = "dti.web.notifications.tasks.deadline_reminders_task"


def add(apps, schema_editor):  # type: ignore[no-untyped-def]
    Schedule = apps.get_model("django_q", "Schedule")
    Schedule.objects.get_or_create(func=FUNC, defaults={"name": "nhac-han-nop", "schedule_type": "D", "repeats": -1})


def remove(apps, schema_editor):  # type: ignore[no-untyped-def]
    apps.get_model("django_q", "Schedule").objects.filter(func=FUNC).delete()


class Migration(migrations.Migration):
    dependencies = [("notifications", "0001_initial"), ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more")]
    operations = [migrations.RunPython(add, remove)]
