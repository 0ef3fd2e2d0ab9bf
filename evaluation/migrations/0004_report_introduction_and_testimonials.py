from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0003_alumniupdate_last_sent_at")]

    operations = [
        migrations.AddField(
            model_name="influencingreport",
            name="introduction",
            field=models.TextField(blank=True, max_length=3000),
        ),
        migrations.AddField(
            model_name="influencingreport",
            name="testimonial_ids",
            field=models.JSONField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="influencingreport",
            name="left_out_quote_ids",
            field=models.JSONField(blank=True, default=list),
        ),
    ]
