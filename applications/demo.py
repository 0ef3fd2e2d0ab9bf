"""The demo's applications: Cohort 2's 34 applications in every status, and Cohort 1's
11 participants, who applied in November 2021 and accepted their places (so enrolled).

Safe to run again: applications are keyed by (applicant, cohort), and an application that
already exists is left as it is. Rows are written directly, as the services would write
them, because the services would queue an e-mail at every step.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count
from django.utils import timezone

from applications.enums import ALLOWED_TRANSITIONS, ApplicationStatus, EndorsementOutcome
from applications.models import Application, ApplicationEvent, EndorsementRequest
from applications.services import endorsement_link_keys
from cohorts.demo import COHORT_1, COHORT_2, PCNS
from cohorts.models import Cohort, Enrolment, PrimaryCareNetwork, Role
from ellw.accounts.models import User
from ellw.dates import add_months
from ellw.demo import DemoContext, demo_email

# Applications go to the demo cohorts and their PCNs.
DEMO_AFTER = ("cohorts",)

S = ApplicationStatus

# Each PCN has one clinical director, who endorses everyone applying from it.
CLINICAL_DIRECTORS = {
    "Barking and Dagenham North PCN": "Dr Adebola Ogunleye",
    "Barking Riverside PCN": "Dr Sarah Whitfield",
    "City and Hackney PCN": "Dr Jonathan Meyer",
    "Hackney Marshes PCN": "Dr Nadia Hamid",
    "Well Street Common PCN": "Dr Peter Lowe",
    "Romford Central PCN": "Dr Anita Desai",
    "Hornchurch PCN": "Dr Michael Brennan",
    "Newham Central 1 PCN": "Dr Farah Qureshi",
    "Royal Docks PCN": "Dr Samuel Owusu",
    "Ilford North PCN": "Dr Rachel Green",
    "Seven Kings PCN": "Dr Imran Saleem",
    "Bow Health Network PCN": "Dr Catherine Doyle",
    "Isle of Dogs PCN": "Dr Rupert Hale",
    "Walthamstow Central PCN": "Dr Joanna Kowalska",
    "Leyton and Leytonstone PCN": "Dr Victor Adeleke",
}

# Cohort 2 takes all three roles, weighted towards link workers as the programme is.
ROLE_CYCLE = [
    "social-prescribing-link-worker",
    "health-and-wellbeing-coach",
    "social-prescribing-link-worker",
    "care-coordinator",
]

MOTIVATIONS = [
    "I have been a link worker for two years and already support the newer link workers in "
    "our PCN informally. I want the skills and confidence to lead that properly and to speak "
    "up for social prescribing at PCN board meetings.",
    "Many of the people I see are referred for loneliness and money worries. I want to learn "
    "how to influence the services around them, not only signpost to them, and to build "
    "stronger links with our local voluntary sector.",
    "I would like to understand how decisions are made in primary care, so that I can make "
    "the case for our work with data and patient stories that clinicians and managers act on.",
    "Our team has grown quickly and we have no shared way of working yet. I want to learn to "
    "lead change without a management title and to help new colleagues settle into the role.",
    "I work with many families in temporary accommodation. I want to learn how to turn what I "
    "hear from them into proposals that change how our practices and the council work "
    "together.",
    "I am ready for the next step in my career and want to grow as a leader in personalised "
    "care, with a network of peers across north east London to learn from.",
    "Coaching conversations are the heart of my work. I want to develop my own leadership in "
    "the same way and bring a coaching approach to how our PCN plans its services.",
    "I want to build my confidence in presenting to GPs and practice managers, and to learn "
    "how to measure and show the difference our work makes to patients.",
]

WORKPLACE_BENEFITS = [
    "A monthly peer-support session for the link workers, health and wellbeing coaches and "
    "care coordinators in our PCN.",
    "Clearer referral pathways with our practices: fewer referrals that are not right for "
    "social prescribing, and more people reached early.",
    "A simple way to gather outcomes and patient stories and share them with the PCN board "
    "every quarter.",
    "Written-down partnerships with local community groups, food banks and advice services "
    "that the whole team can use.",
    "An induction pack and a buddy system for new starters in personalised care roles.",
    "A project with the practices on frequent attenders, bringing the clinical and social "
    "sides of their care together.",
]

# What people wrote along the way, by the status it came with; picked in turn.
NOTES = {
    S.ENDORSED: [
        "A committed and well-respected member of our team. I am happy to release them for "
        "the sessions.",
        "",
        "Strongly endorsed: they already run our weekly multidisciplinary huddle.",
        "They have shown real initiative this year and will make the most of the programme.",
    ],
    S.NOT_ENDORSED: [
        "We are short-staffed until the new year and cannot release staff for the sessions "
        "this time. I would support an application to the next cohort.",
        "They are still settling into a new team after moving practice. Please apply again "
        "for the following cohort.",
    ],
    S.OFFERED: ["", "Congratulations: we are delighted to offer you a place."],
    S.WAITLISTED: [
        "All places are provisionally offered. We will contact you if a place becomes free.",
    ],
    S.REJECTED: [
        "Thank you for applying. We had many strong applications and have prioritised places "
        "with few previous participants. Please apply to the next cohort.",
        "Thank you for applying. We could not offer you a place this time and encourage you "
        "to apply again next year.",
    ],
    S.OFFER_DECLINED: [
        "My PCN has asked me to cover a colleague's caseload over the programme dates, so I "
        "cannot commit to the sessions.",
    ],
    S.OFFER_RESCINDED: [
        "Your PCN has told us you are moving to a post outside north east London before the "
        "cohort starts, so we have withdrawn the offer. You are welcome to apply again if "
        "you come back to the area.",
    ],
    S.WITHDRAWN: [
        "I am starting maternity leave before the cohort begins.",
        "I have moved to a new role outside personalised care.",
    ],
}

# Every history row a real application gets on reaching each status, as services write them.
DESCRIPTIONS = {
    S.AWAITING_ENDORSEMENT: "Application submitted",
    S.ENDORSED: "Endorsed by the clinical director",
    S.NOT_ENDORSED: "Not endorsed by the clinical director",
    S.WAITLISTED: "Decision: waitlist",
    S.REJECTED: "Decision: reject",
    S.OFFERED: "Place offered",
    S.ACCEPTED: "Place accepted",
    S.OFFER_DECLINED: "Place declined",
    S.OFFER_LAPSED: "Offer lapsed: not accepted by the deadline",
    S.OFFER_RESCINDED: "Offer withdrawn by the programme team",
    S.WITHDRAWN: "Application withdrawn",
}
BY_APPLICANT = {S.AWAITING_ENDORSEMENT, S.ACCEPTED, S.OFFER_DECLINED, S.WITHDRAWN}
BY_MANAGER = {S.WAITLISTED, S.REJECTED, S.OFFERED, S.OFFER_RESCINDED}
BY_CLINICAL_DIRECTOR = {S.ENDORSED, S.NOT_ENDORSED}


def demo_step_record(
    application: Application,
    request: EndorsementRequest | None,
    *,
    to_status: str,
    at: datetime.datetime,
    note: str,
) -> None:
    """What a step of a made-up status path sets on the application and its endorsement
    request, as the services set it when the step is taken for real (submitting and
    accepting, which make rows of their own, are the caller's). Used by the demo and by
    the benchmarks' national dataset (bench/data.py)."""
    if to_status in BY_CLINICAL_DIRECTOR:
        request.outcome = (
            EndorsementOutcome.ENDORSED if to_status == S.ENDORSED else EndorsementOutcome.DECLINED
        )
        request.comment = note
        request.decided_at = at
    elif to_status == S.WAITLISTED:
        application.waitlisted_at = at
    elif to_status == S.OFFERED:
        days_to_accept = settings.ELLW_OFFER_ACCEPTANCE_DAYS
        application.offer_expires_at = at + datetime.timedelta(days=days_to_accept)
    elif to_status == S.WITHDRAWN and request and not request.superseded_at:
        request.superseded_at = at


SUBMITTED = (S.AWAITING_ENDORSEMENT,)
ENDORSED = (*SUBMITTED, S.ENDORSED)
OFFERED = (*ENDORSED, S.OFFERED)


@dataclass(frozen=True)
class DemoApplication:
    """A demo applicant and the statuses their application moved through after draft.

    days_ago: the day the draft was started, then the day of each status in `path`
    (an offer lapses at its deadline, whatever its day says).
    """

    full_name: str
    path: tuple[str, ...]
    days_ago: tuple[int, ...]
    blank: tuple[str, ...] = ()  # what a draft has not filled in yet


# Cohort 2 opened 14 days before the seed; every step happened by yesterday, so nothing is
# in the future, and offers still open were made within the acceptance period.
COHORT_2_APPLICATIONS = [
    DemoApplication("Olivia Bennett", (*OFFERED, S.ACCEPTED), (14, 13, 12, 10, 9)),
    DemoApplication("Mohammed Rahman", (*OFFERED, S.ACCEPTED), (14, 14, 12, 10, 8)),
    DemoApplication("Priya Chauhan", (*OFFERED, S.ACCEPTED), (13, 13, 11, 10, 9)),
    DemoApplication("Tomasz Nowak", (*OFFERED, S.ACCEPTED), (13, 12, 11, 9, 7)),
    DemoApplication("Grace Adeyemi", (*OFFERED, S.ACCEPTED), (12, 12, 10, 9, 6)),
    DemoApplication("Liam O'Connor", (*OFFERED, S.ACCEPTED), (12, 11, 10, 8, 7)),
    DemoApplication("Fatima Begum", (*OFFERED, S.ACCEPTED), (11, 11, 9, 8, 5)),
    DemoApplication("Kwame Mensah", (*OFFERED, S.ACCEPTED), (11, 10, 9, 7, 4)),
    DemoApplication("Sophie Williams", (*OFFERED, S.OFFER_DECLINED), (12, 12, 11, 9, 6)),
    DemoApplication("Hannah Goldberg", (*OFFERED, S.OFFER_LAPSED), (14, 13, 11, 10, 3)),
    DemoApplication("Yusuf Ali", OFFERED, (10, 9, 7, 5)),
    DemoApplication("Niamh Gallagher", OFFERED, (9, 9, 6, 4)),
    DemoApplication("Rajesh Patel", OFFERED, (8, 7, 5, 3)),
    DemoApplication("Amara Okoye", OFFERED, (7, 7, 4, 2)),
    DemoApplication("Daniel Costa", (*ENDORSED, S.WAITLISTED), (10, 10, 8, 6)),
    DemoApplication("Zainab Hussain", (*ENDORSED, S.WAITLISTED), (9, 8, 6, 5)),
    DemoApplication("Emily Clarke", (*ENDORSED, S.WAITLISTED), (8, 7, 5, 4)),
    DemoApplication("Wei Chen", (*ENDORSED, S.REJECTED), (11, 10, 8, 6)),
    DemoApplication("Shanice Campbell", (*ENDORSED, S.REJECTED), (8, 8, 6, 4)),
    DemoApplication("Arjun Mehta", ENDORSED, (7, 6, 4)),
    DemoApplication("Rebecca Levy", ENDORSED, (6, 5, 3)),
    DemoApplication("Oluwaseun Balogun", ENDORSED, (5, 4, 2)),
    DemoApplication("Ayesha Siddiqui", ENDORSED, (4, 3, 1)),
    DemoApplication("Jack Robinson", (*SUBMITTED, S.NOT_ENDORSED), (9, 8, 5)),
    DemoApplication("Maria Santos", (*SUBMITTED, S.NOT_ENDORSED), (5, 5, 2)),
    DemoApplication("Kemi Adebayo", SUBMITTED, (6, 5)),
    DemoApplication("Nasreen Akhtar", SUBMITTED, (3, 2)),
    DemoApplication("Callum Fraser", SUBMITTED, (2, 1)),
    DemoApplication("Leah Francis", (*SUBMITTED, S.WITHDRAWN), (8, 7, 5)),
    DemoApplication("Emre Yilmaz", (*ENDORSED, S.WITHDRAWN), (10, 9, 8, 3)),
    DemoApplication("Rhiannon Davies", (), (3,)),
    DemoApplication(
        "Samira Haddad",
        (),
        (5,),
        blank=(
            "workplace_benefit",
            "clinical_director_name",
            "clinical_director_email",
            "privacy_consent_at",
        ),
    ),
    DemoApplication(
        "Marcus Johnson",
        (),
        (1,),
        blank=(
            "started_in_role_on",
            "motivation",
            "workplace_benefit",
            "clinical_director_name",
            "clinical_director_email",
            "privacy_consent_at",
        ),
    ),
    # Last, so adding her moved nobody else's demo details.
    DemoApplication("Chloe Martin", (*OFFERED, S.OFFER_RESCINDED), (13, 12, 10, 9, 6)),
]

# Cohort 1's 11 participants, Aisha Khan among them: applied in November 2021, started
# in January 2022.
COHORT_1_PARTICIPANTS = [
    "Aisha Khan",
    "Abdul Karim",
    "Bethany Hughes",
    "Joseph Mwangi",
    "Sinead Byrne",
    "Harpreet Kaur",
    "Tariq Mahmood",
    "Lucy Parker",
    "Efua Asante",
    "Kamal Uddin",
    "Jasmine Lewis",
]


def demo_seed(*, context: DemoContext) -> None:
    """Cohort 1's participants (enrolled), then Cohort 2's applications in every status."""
    today = context.today
    seeder = _Seeder(context=context)
    link_worker = Role.objects.get(slug="social-prescribing-link-worker")
    cohort_1 = Cohort.objects.get(slug=COHORT_1)
    cohort_2 = Cohort.objects.get(slug=COHORT_2)
    seeder.manager = User.objects.get(email="manager@example.nhs.uk")
    for index, full_name in enumerate(COHORT_1_PARTICIPANTS):
        # Applied through November, enrolled in the first week of December 2021.
        applied = datetime.date(2021, 11, 1 + 2 * index)
        offered = datetime.date(2021, 12, 1 + index % 3)
        seeder.application(
            cohort=cohort_1,
            index=index,
            full_name=full_name,
            role=link_worker,
            path=(*OFFERED, S.ACCEPTED),
            days=[
                applied,
                applied,
                applied + datetime.timedelta(days=2),
                offered,
                offered + datetime.timedelta(days=1 + index % 3),
            ],
        )
    roles = {role.slug: role for role in Role.objects.all()}
    for index, spec in enumerate(COHORT_2_APPLICATIONS, start=len(COHORT_1_PARTICIPANTS)):
        seeder.application(
            cohort=cohort_2,
            index=index,
            full_name=spec.full_name,
            role=roles[ROLE_CYCLE[index % len(ROLE_CYCLE)]],
            path=spec.path,
            days=[today - datetime.timedelta(days=n) for n in spec.days_ago],
            blank=spec.blank,
        )
    seeder.save_history()

    counts = Cohort.objects.annotate(n=Count("applications")).order_by("starts_on")
    context.summary.append(
        "Applications: " + ", ".join(f"{cohort.name}: {cohort.n}" for cohort in counts) + "."
    )


class _Seeder:
    """Writes demo rows directly: the services would queue an e-mail at every step."""

    def __init__(self, *, context: DemoContext) -> None:
        self.context = context
        self.now = context.now
        self.manager: User | None = None
        self._pcns: list[PrimaryCareNetwork] = []
        # History rows and applications whose auto_now(_add) times are set afterwards.
        self.events: list[tuple[ApplicationEvent, datetime.datetime]] = []
        self.applications: list[Application] = []

    def application(
        self,
        *,
        cohort: Cohort,
        index: int,
        full_name: str,
        role: Role,
        path: tuple[str, ...],
        days: list[datetime.date],
        blank: tuple[str, ...] = (),
    ) -> None:
        """The application and everything a real one would have gathered along `path`,
        unless the applicant already has one for the cohort."""
        applicant = self.context.user(email=demo_email(full_name), full_name=full_name)
        if Application.objects.filter(applicant=applicant, cohort=cohort).exists():
            return
        moments = [self._moment(day, index=index, step=step) for step, day in enumerate(days)]
        pcn = self._pcn(index)
        director = CLINICAL_DIRECTORS[pcn.name]
        fields = {
            "full_name": full_name,
            "work_email": applicant.email,
            # Ofcom keeps 020 7946 0000–0999 for drama: never a real number.
            "phone": f"020 7946 0{100 + index:03d}",
            "role": role,
            "employer": f"{pcn.place.name} CVS" if index % 3 == 2 else pcn.name,
            "pcn": pcn,
            "place": pcn.place,
            # 13 to 36 whole months in role by the start: eligible, as the rule asks 12.
            "started_in_role_on": add_months(cohort.starts_on, -(13 + index * 7 % 24))
            - datetime.timedelta(days=index * 5 % 20),
            "motivation": MOTIVATIONS[index % len(MOTIVATIONS)],
            "workplace_benefit": WORKPLACE_BENEFITS[index % len(WORKPLACE_BENEFITS)],
            "clinical_director_name": director,
            "clinical_director_email": demo_email(director.removeprefix("Dr "), "nhs.net"),
            "privacy_consent_at": moments[0],
        }
        for name in blank:
            fields[name] = None if name in ("started_in_role_on", "privacy_consent_at") else ""
        application = Application.objects.create(applicant=applicant, cohort=cohort, **fields)
        application.created_at = application.updated_at = moments[0]
        request: EndorsementRequest | None = None
        status = S.DRAFT
        for to_status, at in zip(path, moments[1:], strict=True):
            if to_status not in ALLOWED_TRANSITIONS[status]:
                raise ValueError(f"{full_name}: {status} cannot become {to_status}")
            if to_status == S.OFFER_LAPSED:
                at = application.offer_expires_at  # the hourly job lapses it at the deadline
            notes = NOTES.get(to_status, [""])
            note = notes[index % len(notes)]
            self._event(
                application,
                at,
                **self._actor(application, to_status),
                from_status=status,
                to_status=to_status,
                description=DESCRIPTIONS[to_status],
                note=note,
            )
            if to_status == S.AWAITING_ENDORSEMENT:
                application.submitted_at = at
                request = self._endorsement_request(application, at)
                self._event(
                    application,
                    at,
                    **self._actor(application, to_status),
                    description=(
                        f"Endorsement link sent to {request.endorser_name} "
                        f"({request.endorser_email})"
                    ),
                )
            elif to_status == S.ACCEPTED:
                Enrolment.objects.create(
                    cohort=cohort, participant=applicant, application=application, enrolled_at=at
                )
            else:
                demo_step_record(application, request, to_status=to_status, at=at, note=note)
            status = to_status
            application.updated_at = at
        application.status = status
        application.save()
        self.applications.append(application)
        if request:
            self._reminders(request)
            request.save()

    def save_history(self) -> None:
        """Write the history rows, then the times auto_now(_add) would not let us give."""
        events = [event for event, _ in self.events]
        ApplicationEvent.objects.bulk_create(events)
        for event, at in self.events:
            event.created_at = at
        ApplicationEvent.objects.bulk_update(events, ["created_at"])
        Application.objects.bulk_update(self.applications, ["created_at", "updated_at"])

    def _pcn(self, index: int) -> PrimaryCareNetwork:
        if not self._pcns:
            by_key = {
                (pcn.place.slug, pcn.name): pcn
                for pcn in PrimaryCareNetwork.objects.select_related("place")
            }
            self._pcns = [by_key[slug, name] for slug, names in PCNS.items() for name in names]
        # 4 and 15 share no factor, so neighbours in the list come from different places.
        return self._pcns[index * 4 % len(self._pcns)]

    @staticmethod
    def _moment(day: datetime.date, *, index: int, step: int) -> datetime.datetime:
        """A working-hours time on `day`; later steps of one application fall later in it."""
        time = datetime.time(8 + 2 * step + index % 3, (index * 17 + step * 11) % 60)
        return timezone.make_aware(datetime.datetime.combine(day, time))

    def _actor(self, application: Application, to_status: str) -> dict:
        if to_status in BY_APPLICANT:
            return {"actor": application.applicant, "actor_label": application.full_name}
        if to_status in BY_MANAGER:
            return {"actor": self.manager, "actor_label": self.manager.get_full_name()}
        if to_status in BY_CLINICAL_DIRECTOR:
            director = application.clinical_director_name
            return {"actor": None, "actor_label": f"{director} (clinical director)"}
        return {"actor": None, "actor_label": "System"}

    def _event(self, application: Application, at: datetime.datetime, **fields) -> None:
        self.events.append((ApplicationEvent(application=application, **fields), at))

    @staticmethod
    def _endorsement_request(application: Application, at: datetime.datetime) -> EndorsementRequest:
        # The link's token as applications.services makes it; no e-mail carries it.
        nonce, token_hash = endorsement_link_keys()
        return EndorsementRequest(
            application=application,
            endorser_name=application.clinical_director_name,
            endorser_email=application.clinical_director_email,
            link_nonce=nonce,
            token_hash=token_hash,
            created_at=at,
            expires_at=at + datetime.timedelta(days=settings.ELLW_ENDORSEMENT_LINK_DAYS),
        )

    def _reminders(self, request: EndorsementRequest) -> None:
        """The reminders the hourly job would have sent while the link was waiting, so it
        does not send them all the moment the demo is seeded."""
        ends = [request.decided_at, request.superseded_at, request.expires_at, self.now]
        waiting_until = min(t for t in ends if t)
        for number, days in enumerate(settings.ELLW_ENDORSEMENT_REMINDER_DAYS, start=1):
            due = request.created_at + datetime.timedelta(days=days)
            if due < waiting_until:
                request.reminders_sent = number
                self._event(
                    request.application,
                    due,
                    actor=None,
                    actor_label="System",
                    description=f"Reminder {number} sent to {request.endorser_email}",
                )
