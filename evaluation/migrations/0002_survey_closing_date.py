"""Surveys have a closing date. Those opened before get the date the rule gives (their
opening day plus ELLW_SURVEY_OPEN_DAYS); one the lead closed keeps its closed_at."""

import datetime

from django.conf import settings
from django.db import migrations, models
from django.utils import timezone


def give_closing_dates(apps, schema_editor):
    Survey = apps.get_model("evaluation", "Survey")
    days = datetime.timedelta(days=settings.ELLW_SURVEY_OPEN_DAYS - 1)
    for survey in Survey.objects.filter(closes_on__isnull=True).iterator():
        survey.closes_on = timezone.localtime(survey.opened_at).date() + days
        survey.save(update_fields=["closes_on"])


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0001_evaluation")]

    operations = [
        migrations.AddField(
            model_name="survey", name="closes_on", field=models.DateField(null=True)
        ),
        migrations.RunPython(give_closing_dates, migrations.RunPython.noop),
        migrations.AlterField(model_name="survey", name="closes_on", field=models.DateField()),
    ]
