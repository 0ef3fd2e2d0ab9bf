import pytest
from django.contrib.auth.models import Group

from cohorts.models import Place, Role
from modules.models import Module

pytestmark = pytest.mark.django_db


def test_eight_places_of_north_east_london():
    assert list(Place.objects.values_list("name", flat=True)) == [
        "Barking and Dagenham",
        "City of London",
        "Hackney",
        "Havering",
        "Newham",
        "Redbridge",
        "Tower Hamlets",
        "Waltham Forest",
    ]


def test_personalised_care_roles():
    assert set(Role.objects.values_list("name", flat=True)) == {
        "Social Prescribing Link Worker",
        "Health and Wellbeing Coach",
        "Care Coordinator",
    }


def test_seven_skill_modules_in_programme_order():
    assert list(Module.objects.values_list("name", flat=True)) == [
        "Coaching",
        "Mentoring",
        "Negotiation",
        "Introduction to quality improvement",
        "Networks and partnership development",
        "Personal authority and power",
        "Presentation skills",
    ]
    assert all(module.summary and module.default_cpd_hours > 0 for module in Module.objects.all())


def test_staff_roles_are_groups_with_permissions():
    leads = Group.objects.get(name="Programme leads")
    managers = Group.objects.get(name="SP managers")
    assert leads.permissions.filter(codename="add_cohort").exists()
    assert not managers.permissions.filter(codename="add_cohort").exists()
    assert managers.permissions.filter(codename="view_cohort").exists()
