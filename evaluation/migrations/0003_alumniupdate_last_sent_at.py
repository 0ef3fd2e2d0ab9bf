from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0002_survey_closing_date")]

    operations = [
        migrations.AddField(
            model_name="alumniupdate",
            name="last_sent_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
    ]
