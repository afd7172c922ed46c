"""The reports' schedule, created once as django-celery-beat periodic tasks: staff change it in
the admin afterwards (the beat reads it from the database), so no deployment overwrites it."""

import json

from django.db import migrations

# name → (kind, minute, hour, day of month, month of year, day of week)
SCHEDULE = {
    "Rapports mensuels (intermédiaire)": ("mensuel-intermediaire", "0", "3", "1", "*", "*"),
    "Rapports mensuels (grossiste et location)": ("mensuel-grossiste", "30", "3", "1", "*", "*"),
    "Facturation hebdomadaire (intermédiaire)": ("hebdo-intermediaire", "0", "4", "*", "*", "1"),
    "Gains achats semestriels": ("semestriel-gains", "30", "4", "1", "1,7", "*"),
}
TASK = "buyer_space.reports.tasks.build_periodic_reports"


def create_schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, (kind, minute, hour, day, month, weekday) in SCHEDULE.items():
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute=minute,
            hour=hour,
            day_of_month=day,
            month_of_year=month,
            day_of_week=weekday,
            timezone="Europe/Paris",
        )
        PeriodicTask.objects.get_or_create(
            name=name, defaults={"task": TASK, "crontab": crontab, "args": json.dumps([kind])}
        )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(task=TASK).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
