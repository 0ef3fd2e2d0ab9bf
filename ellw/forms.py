"""Form rendering in the NHS.UK frontend style, for our forms and allauth's alike."""

from django.forms.renderers import TemplatesSetting


class NHSFormRenderer(TemplatesSetting):
    form_template_name = "forms/nhs_form.html"
    field_template_name = "forms/nhs_field.html"
