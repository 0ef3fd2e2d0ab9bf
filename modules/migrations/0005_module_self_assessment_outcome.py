"""Each module states the outcome its self-assessment question asks about, and the seven
modules get stated learning outcomes where the lead has not written their own."""

from django.db import migrations, models

# slug: (the outcome the self-assessment asks about, the module's other stated outcomes)
OUTCOMES = {
    "coaching": (
        "use coaching conversations to help people find their own way forward",
        ["Ask open questions that move a conversation on", "Agree goals the person owns"],
    ),
    "mentoring": (
        "mentor a colleague, sharing what I know without taking over",
        ["Set up a mentoring relationship with clear aims", "Give feedback that helps"],
    ),
    "negotiation": (
        "prepare for and hold a conversation that reaches agreement across interests",
        ["Tell positions from interests", "Plan what I can give and what I need"],
    ),
    "introduction-to-quality-improvement": (
        "measure, test and improve a part of our social prescribing service",
        ["Write an aim and choose its measures", "Run a Plan-Do-Study-Act cycle"],
    ),
    "networks-and-partnership-development": (
        "build working relationships with the voluntary sector, PCNs and system partners",
        ["Map who shapes my work and how to reach them", "Keep a partnership going"],
    ),
    "personal-authority-and-power": (
        "lead with authority in rooms where I hold little formal power",
        ["Recognise where influence comes from", "Speak up when it matters"],
    ),
    "presentation-skills": (
        "present ideas and evidence with confidence to colleagues and system leaders",
        ["Shape a message for its audience", "Use data and stories together"],
    ),
}


def state_outcomes(apps, schema_editor):
    Module = apps.get_model("modules", "Module")
    for module in Module.objects.filter(slug__in=OUTCOMES):
        outcome, others = OUTCOMES[module.slug]
        module.self_assessment_outcome = outcome
        if not module.learning_outcomes.strip():
            lines = [outcome[:1].upper() + outcome[1:], *others]
            module.learning_outcomes = "\n".join(lines)
        module.save(update_fields=["self_assessment_outcome", "learning_outcomes"])


class Migration(migrations.Migration):
    dependencies = [("modules", "0004_learning_outcomes_partners_speakers")]

    operations = [
        migrations.AddField(
            model_name="module",
            name="self_assessment_outcome",
            field=models.CharField(
                blank=True,
                help_text="The outcome participants rate their confidence in, completing "
                "'I can …'.",
                max_length=200,
            ),
        ),
        migrations.RunPython(state_outcomes, migrations.RunPython.noop),
    ]
