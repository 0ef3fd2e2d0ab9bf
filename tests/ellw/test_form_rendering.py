"""The form renderer writes plain widgets in Python (ellw.widget_html) for speed: the markup
must be exactly what Django's own widget templates give, and a form page must no longer
render a template per input and per option."""

import pytest
from django import forms
from django.forms.renderers import TemplatesSetting
from django.urls import reverse
from django.utils.safestring import mark_safe

from cohorts.models import Place
from ellw.forms import NHSFormRenderer
from tests.factories import CohortFactory, PrimaryCareNetworkFactory

TEMPLATES = TemplatesSetting()
FAST = NHSFormRenderer()

ATTRS = {"id": "id_x", "class": 'a "quoted" <class>', "required": True, "disabled": False}
WIDGETS = [
    (forms.TextInput(attrs={"autocomplete": "name", "maxlength": 200}), "Ada <b> & 'Co'"),
    (forms.TextInput(), None),
    (forms.TextInput(), ""),
    (forms.TextInput(), mark_safe("<i>safe</i>")),
    (forms.EmailInput(), "a@example.nhs.uk"),
    (forms.NumberInput(), 42),
    (forms.HiddenInput(), "7"),
    (forms.PasswordInput(render_value=True), 'p"w'),
    (forms.URLInput(), "https://example.nhs.uk/?a=1&b=2"),
    (forms.TextInput(attrs={"type": "tel"}), "020 7946 0000"),
    (forms.CheckboxInput(), True),
    (forms.CheckboxInput(), False),
    (forms.CheckboxInput(), "on"),
    (forms.Textarea(attrs={"rows": 6}), "Line one\n<script>two</script>"),
    (forms.Textarea(), ""),
    (forms.Select(choices=[("", "Choose"), ("a", "A & B"), ("b", "<B>")]), "b"),
    (forms.Select(choices=[("Group <1>", [("1", "One"), ("2", "Two")]), ("3", "Three")]), "2"),
    (forms.Select(choices=[(1, 1), (2, 2)]), 1),
    (forms.Select(choices=[]), None),
    (forms.SelectMultiple(choices=[("a", "A"), ("b", "B"), ("c", "C")]), ["a", "c"]),
    (forms.NullBooleanSelect(), True),
]


@pytest.mark.parametrize(("widget", "value"), WIDGETS, ids=[str(i) for i in range(len(WIDGETS))])
@pytest.mark.parametrize("attrs", [ATTRS, {}], ids=["attrs", "no_attrs"])
def test_widget_markup_is_exactly_django_templates(widget, value, attrs):
    expected = widget.render("field", value, attrs=attrs, renderer=TEMPLATES)
    assert widget.render("field", value, attrs=attrs, renderer=FAST) == expected


class StarOptionSelect(forms.Select):
    option_template_name = "tests/star_option.html"


def test_select_with_its_own_option_template_still_uses_it(tmp_path, settings):
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "star_option.html").write_text("<option>*{{ widget.label }}</option>")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}
    ]
    widget = StarOptionSelect(choices=[("a", "A")])
    html = widget.render("field", "a", renderer=NHSFormRenderer())
    assert html == widget.render("field", "a", renderer=TemplatesSetting())
    assert "<option>*A</option>" in html


@pytest.mark.django_db
def test_model_choice_select_markup_is_exactly_django_templates():
    PrimaryCareNetworkFactory.create_batch(3, place=Place.objects.get(slug="newham"))
    pcn = PrimaryCareNetworkFactory(name="Tower & <Hamlets>")
    field = forms.ModelChoiceField(queryset=type(pcn).objects.order_by("pk"))
    args = ("pcn", pcn.pk)
    expected = field.widget.render(*args, attrs=ATTRS, renderer=TEMPLATES)
    assert field.widget.render(*args, attrs=ATTRS, renderer=FAST) == expected
    assert "Tower &amp; &lt;Hamlets&gt;</option>" in expected


@pytest.mark.django_db
def test_apply_form_renders_no_template_per_input_or_option(client, link_worker):
    cohort = CohortFactory(slug="cohort-fast")
    PrimaryCareNetworkFactory.create_batch(20)
    client.force_login(link_worker)
    response = client.get(reverse("applications:apply", args=[cohort.slug]))
    assert response.status_code == 200
    names = [t.name for t in response.templates]
    assert [n for n in names if n.startswith("django/forms/widgets/")] == []
    # One template per field (and the date input's own), and no include inside them.
    assert {n for n in names if n.startswith("forms/")} == {
        "forms/nhs_field.html",
        "forms/widgets/nhs_date.html",
    }
    assert b">Select your PCN</option>" in response.content
