"""Action learning sets: creating, changing and deleting sets, assigning everyone in one
post (with a history event per change), the suggestion that spreads places and PCNs, who may
do what, and the page's queries."""

from __future__ import annotations

import math
from collections import Counter

import pytest
from django.urls import reverse
from django.utils import timezone

from cohorts.enums import EnrolmentEventKind, SessionKind
from cohorts.models import ActionLearningSet, Enrolment, EnrolmentEvent, Place
from cohorts.selectors.sets import cohort_active_enrolments
from cohorts.services.sets import set_suggest
from modules.enums import SpeakerKind
from modules.models import Speaker
from tests.factories import (
    ActionLearningSetFactory,
    CohortFactory,
    EnrolmentFactory,
    PrimaryCareNetworkFactory,
    SessionFactory,
)
from tests.mfa import log_in_with_mfa

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort():
    return CohortFactory(name="Cohort 1")


@pytest.fixture
def lead_client(client, programme_lead):
    log_in_with_mfa(client, programme_lead)
    return client


def _sets_url(cohort) -> str:
    return reverse("staff:cohorts:sets", kwargs={"pk": cohort.pk})


def test_set_create_with_a_facilitator(lead_client, cohort):
    facilitator = Speaker.objects.create(full_name="Ada Lovelace", kind=SpeakerKind.FACILITATOR)

    response = lead_client.post(
        reverse("staff:cohorts:set_new", kwargs={"pk": cohort.pk}),
        {"name": "Set A", "facilitator": facilitator.pk},
    )

    assert response.status_code == 302
    learning_set = ActionLearningSet.objects.get(cohort=cohort)
    assert (learning_set.name, learning_set.facilitator) == ("Set A", facilitator)


def test_set_create_refuses_a_name_the_cohort_has(lead_client, cohort):
    ActionLearningSetFactory(cohort=cohort, name="Set A")

    response = lead_client.post(
        reverse("staff:cohorts:set_new", kwargs={"pk": cohort.pk}), {"name": "set a"}
    )

    assert response.status_code == 400
    assert "Cohort 1 already has a set called set a" in response.content.decode()
    assert ActionLearningSet.objects.filter(cohort=cohort).count() == 1


def test_set_create_refuses_a_name_over_the_cap(lead_client, cohort):
    response = lead_client.post(
        reverse("staff:cohorts:set_new", kwargs={"pk": cohort.pk}), {"name": "x" * 101}
    )

    assert response.status_code == 400
    assert "100 characters or fewer" in response.content.decode()
    assert ActionLearningSet.objects.count() == 0


def test_set_edit_renames_and_changes_the_facilitator(lead_client, cohort):
    learning_set = ActionLearningSetFactory(cohort=cohort, name="Set A")
    facilitator = Speaker.objects.create(full_name="Grace Hopper", kind=SpeakerKind.FACILITATOR)

    lead_client.post(
        reverse("staff:cohorts:set_edit", kwargs={"pk": learning_set.pk}),
        {"name": "Set Alpha", "facilitator": facilitator.pk},
    )

    learning_set.refresh_from_db()
    assert (learning_set.name, learning_set.facilitator) == ("Set Alpha", facilitator)


def test_set_delete_an_empty_set(lead_client, cohort):
    learning_set = ActionLearningSetFactory(cohort=cohort)

    response = lead_client.post(reverse("staff:cohorts:set_delete", kwargs={"pk": learning_set.pk}))

    assert response.status_code == 302
    assert not ActionLearningSet.objects.filter(pk=learning_set.pk).exists()


def test_set_delete_refuses_a_set_with_members(lead_client, cohort):
    learning_set = ActionLearningSetFactory(cohort=cohort, name="Set A")
    EnrolmentFactory(cohort=cohort, action_learning_set=learning_set)

    lead_client.post(reverse("staff:cohorts:set_delete", kwargs={"pk": learning_set.pk}))

    assert ActionLearningSet.objects.filter(pk=learning_set.pk).exists()


def test_set_delete_refuses_a_set_with_meetings(lead_client, cohort):
    learning_set = ActionLearningSetFactory(cohort=cohort)
    SessionFactory(cohort=cohort, kind=SessionKind.SET_MEETING, action_learning_set=learning_set)

    lead_client.post(reverse("staff:cohorts:set_delete", kwargs={"pk": learning_set.pk}))

    assert ActionLearningSet.objects.filter(pk=learning_set.pk).exists()


def test_sets_assign_everyone_in_one_post_with_an_event_per_change(
    lead_client, cohort, programme_lead
):
    set_a = ActionLearningSetFactory(cohort=cohort, name="Set A")
    set_b = ActionLearningSetFactory(cohort=cohort, name="Set B")
    people = [EnrolmentFactory(cohort=cohort) for _ in range(3)]
    people[2].action_learning_set = set_b
    people[2].save()

    response = lead_client.post(
        reverse("staff:cohorts:sets_assign", kwargs={"pk": cohort.pk}),
        {
            f"enrolment_{people[0].pk}": set_a.pk,
            f"enrolment_{people[1].pk}": set_b.pk,
            f"enrolment_{people[2].pk}": "",
        },
    )

    assert response.status_code == 302
    assert {e.pk: e.action_learning_set_id for e in Enrolment.objects.all()} == {
        people[0].pk: set_a.pk,
        people[1].pk: set_b.pk,
        people[2].pk: None,
    }
    events = EnrolmentEvent.objects.filter(kind=EnrolmentEventKind.SET_ASSIGNED)
    assert sorted((e.enrolment_id, e.actor_id) for e in events) == sorted(
        (p.pk, programme_lead.pk) for p in people
    )
    assert EnrolmentEvent.objects.get(enrolment=people[2]).description == (
        f"{people[2].participant.full_name} taken out of Set B"
    )


@pytest.mark.parametrize("who", ["other cohort", "withdrawn"])
def test_sets_assign_refuses_someone_not_active_in_the_cohort(lead_client, cohort, who):
    set_a = ActionLearningSetFactory(cohort=cohort)
    member = EnrolmentFactory(cohort=cohort)
    if who == "other cohort":
        stranger = EnrolmentFactory()
    else:
        stranger = EnrolmentFactory(cohort=cohort, withdrawn_at=timezone.now())

    response = lead_client.post(
        reverse("staff:cohorts:sets_assign", kwargs={"pk": cohort.pk}),
        {f"enrolment_{member.pk}": set_a.pk, f"enrolment_{stranger.pk}": set_a.pk},
    )

    assert response.status_code == 400
    assert "not active participants" in response.content.decode()
    assert Enrolment.objects.filter(action_learning_set__isnull=False).count() == 0
    assert EnrolmentEvent.objects.count() == 0


def test_sets_assign_refuses_another_cohorts_set(lead_client, cohort):
    member = EnrolmentFactory(cohort=cohort)
    ActionLearningSetFactory(cohort=cohort)
    other_set = ActionLearningSetFactory()

    response = lead_client.post(
        reverse("staff:cohorts:sets_assign", kwargs={"pk": cohort.pk}),
        {f"enrolment_{member.pk}": other_set.pk},
    )

    assert response.status_code == 400
    member.refresh_from_db()
    assert member.action_learning_set_id is None


def test_sets_page_lists_members_and_those_not_in_a_set(client, sp_manager, cohort):
    set_a = ActionLearningSetFactory(cohort=cohort, name="Set A")
    member = EnrolmentFactory(cohort=cohort, action_learning_set=set_a)
    loner = EnrolmentFactory(cohort=cohort)
    EnrolmentFactory(cohort=cohort, withdrawn_at=timezone.now())
    log_in_with_mfa(client, sp_manager)

    response = client.get(_sets_url(cohort))

    page = response.context["page"]
    assert [(row.learning_set, row.members) for row in page.sets] == [(set_a, [member])]
    assert page.unassigned == [loner]
    assert response.context["form"] is None  # SP managers see the sets, only the lead changes


def test_sets_page_of_a_cohort_with_nobody_says_so(client, sp_manager, cohort):
    EnrolmentFactory(cohort=cohort, withdrawn_at=timezone.now())
    log_in_with_mfa(client, sp_manager)

    content = client.get(_sets_url(cohort)).content.decode()

    assert "Every participant is in a set" not in content
    assert "Cohort 1 has no participants yet." in content


def test_sets_page_says_everyone_is_in_a_set_only_when_they_are(client, sp_manager, cohort):
    EnrolmentFactory(cohort=cohort, action_learning_set=ActionLearningSetFactory(cohort=cohort))
    log_in_with_mfa(client, sp_manager)

    content = client.get(_sets_url(cohort)).content.decode()

    assert "Every participant is in a set." in content
    assert "has no participants yet" not in content


# --- the suggestion --------------------------------------------------------------------------


def _twelve_with_four_from_one_pcn(cohort):
    hackney = Place.objects.get(slug="hackney")
    crowded = PrimaryCareNetworkFactory(place=hackney)
    people = [EnrolmentFactory(cohort=cohort, application__pcn=crowded) for _ in range(4)]
    places = list(Place.objects.exclude(pk=hackney.pk)[:4])
    for n in range(8):
        pcn = PrimaryCareNetworkFactory(place=places[n % 4])
        people.append(EnrolmentFactory(cohort=cohort, application__pcn=pcn))
    return people, crowded


def _assert_spread(groups):
    size_counts = [len(g) for g in groups]
    assert max(size_counts) - min(size_counts) <= 1
    for attribute in ("pcn_id", "place_id"):
        totals = Counter(getattr(e.application, attribute) for g in groups for e in g)
        for group in groups:
            in_group = Counter(getattr(e.application, attribute) for e in group)
            for value, count in in_group.items():
                assert count <= math.ceil(totals[value] / len(groups))


def test_set_suggest_spreads_pcns_and_places(cohort):
    _, crowded = _twelve_with_four_from_one_pcn(cohort)

    suggestion = set_suggest(enrolments=list(cohort_active_enrolments(cohort)), size=4)

    assert [len(g) for g in suggestion.groups] == [4, 4, 4]
    assert sorted(
        sum(e.application.pcn_id == crowded.pk for e in g) for g in suggestion.groups
    ) == [
        1,
        1,
        2,
    ]
    _assert_spread(suggestion.groups)


@pytest.mark.parametrize("size", [2, 3, 5, 7, 12])
def test_set_suggest_keeps_its_promise_at_every_size(cohort, size):
    _twelve_with_four_from_one_pcn(cohort)
    EnrolmentFactory(cohort=cohort, withdrawn_at=timezone.now())

    suggestion = set_suggest(enrolments=list(cohort_active_enrolments(cohort)), size=size)

    assert len(suggestion.groups) == math.ceil(12 / size)
    assert sorted(e.pk for g in suggestion.groups for e in g) == sorted(
        e.pk for e in cohort_active_enrolments(cohort)
    )
    _assert_spread(suggestion.groups)


def test_sets_suggest_shows_then_applies_the_sets(lead_client, cohort):
    _twelve_with_four_from_one_pcn(cohort)
    existing = ActionLearningSetFactory(cohort=cohort, name="Set 1")
    url = reverse("staff:cohorts:sets_suggest", kwargs={"pk": cohort.pk})

    shown = lead_client.get(url, {"size": 4})
    suggestion = shown.context["suggestion"]
    assert Enrolment.objects.filter(action_learning_set__isnull=False).count() == 0

    response = lead_client.post(url, {"size": 4, "fingerprint": suggestion.fingerprint})

    assert response.status_code == 302
    sets = ActionLearningSet.objects.filter(cohort=cohort).order_by("name")
    assert [s.name for s in sets] == ["Set 1", "Set 2", "Set 3"]
    assert sets[0] == existing
    for learning_set, group in zip(sets, suggestion.groups, strict=True):
        assert sorted(learning_set.enrolments.values_list("pk", flat=True)) == sorted(
            e.pk for e in group
        )
    assert EnrolmentEvent.objects.filter(kind=EnrolmentEventKind.SET_ASSIGNED).count() == 12


def test_sets_suggest_refuses_a_stale_proposal(lead_client, cohort):
    _twelve_with_four_from_one_pcn(cohort)
    url = reverse("staff:cohorts:sets_suggest", kwargs={"pk": cohort.pk})
    fingerprint = lead_client.get(url, {"size": 4}).context["suggestion"].fingerprint
    EnrolmentFactory(cohort=cohort)  # someone joins before the lead applies

    response = lead_client.post(url, {"size": 4, "fingerprint": fingerprint})

    assert response.status_code == 200
    assert ActionLearningSet.objects.count() == 0


@pytest.mark.parametrize("size", ["1", "13", "six"])
def test_sets_suggest_refuses_a_size_out_of_range(lead_client, cohort, size):
    EnrolmentFactory(cohort=cohort)

    response = lead_client.get(
        reverse("staff:cohorts:sets_suggest", kwargs={"pk": cohort.pk}), {"size": size}
    )

    assert response.status_code == 400
    assert "from 2 to 12" in response.content.decode()


# --- who may ---------------------------------------------------------------------------------


def test_sets_sp_manager_cannot_assign(client, sp_manager, cohort):
    set_a = ActionLearningSetFactory(cohort=cohort)
    member = EnrolmentFactory(cohort=cohort)
    log_in_with_mfa(client, sp_manager)

    response = client.post(
        reverse("staff:cohorts:sets_assign", kwargs={"pk": cohort.pk}),
        {f"enrolment_{member.pk}": set_a.pk},
    )

    assert response.status_code == 403
    member.refresh_from_db()
    assert member.action_learning_set_id is None


def test_sets_link_worker_cannot_see_the_sets(client, link_worker, cohort):
    client.force_login(link_worker)

    assert client.get(_sets_url(cohort)).status_code == 403


# --- queries -----------------------------------------------------------------------------------


SETS_PAGE_QUERIES = 8


@pytest.mark.parametrize("size", [5, 200])
def test_sets_page_queries_do_not_grow(lead_client, cohort, django_assert_num_queries, size):
    sets = [ActionLearningSetFactory(cohort=cohort) for _ in range(3)]
    pcn = PrimaryCareNetworkFactory()
    for n in range(size):
        EnrolmentFactory(
            cohort=cohort,
            application__pcn=pcn,
            action_learning_set=sets[n % 4] if n % 4 < 3 else None,
        )
    lead_client.get(_sets_url(cohort))

    with django_assert_num_queries(SETS_PAGE_QUERIES):
        response = lead_client.get(_sets_url(cohort))

    assert len(response.context["page"].enrolments) == size


@pytest.mark.parametrize("query", [{}, {"size": 4}], ids=["the form", "a size"])
def test_sets_suggest_for_a_cohort_with_nobody_says_so_at_once(lead_client, cohort, query):
    url = reverse("staff:cohorts:sets_suggest", kwargs={"pk": cohort.pk})

    response = lead_client.get(url, query)

    content = response.content.decode()
    assert "Cohort 1 has no participants yet, so there is nobody to put in sets." in content
    assert 'name="size"' not in content


def test_sets_suggest_post_for_a_cohort_with_nobody_changes_nothing(lead_client, cohort):
    url = reverse("staff:cohorts:sets_suggest", kwargs={"pk": cohort.pk})

    response = lead_client.post(url, {"size": 4, "fingerprint": "x"})

    assert response.status_code == 200
    assert "nobody to put in sets" in response.content.decode()
    assert ActionLearningSet.objects.count() == 0
