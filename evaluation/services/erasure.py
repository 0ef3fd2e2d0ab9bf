"""Erasure in evaluation. Figures stay true: every survey response and its ratings stay
(counts, paired before/after changes, module ratings), and alumni updates keep their
yes/no and number answers (promotions, projects led, mentoring); every typed answer goes,
and nothing of theirs is quoted again. A testimonial keeps its words only if it was approved
for use without the author's name; otherwise its words go too and it is marked not used.
Report versions that quoted them lose the quote and are rendered again."""

from __future__ import annotations

from django.db import transaction

from ellw.accounts.models import User
from ellw.documents.enums import DocumentStatus
from ellw.documents.services import document_rerender
from ellw.text import text_redact
from evaluation.enums import TestimonialConsent, TestimonialStatus
from evaluation.models import AlumniUpdate, InfluencingReport, SurveyResponse
from evaluation.selectors.personal_data import ANSWER_FIELDS, testimonials_by

NAME_REMOVED = "Name removed"


def evaluation_personal_data_erase(*, user: User | None, emails: list[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    words = set(emails)
    quoted_ids: set[int] = set()
    testimonial_texts: set[str] = set()
    if user is not None:
        words.add(user.full_name)
        responses = SurveyResponse.objects.filter(enrolment__participant=user)
        quoted_ids = set(responses.values_list("pk", flat=True))
        counts["survey_responses_anonymised"] = responses.update(
            **dict.fromkeys(ANSWER_FIELDS, ""), quote_consent=""
        )
        counts["alumni_updates_anonymised"] = AlumniUpdate.objects.filter(
            enrolment__participant=user
        ).update(
            current_role="",
            organisation="",
            new_responsibilities="",
            leadership_activities="",
            link_nonce="",
            token_hash="",
        )
    if emails:
        testimonials = testimonials_by(emails)
        words.update(testimonials.values_list("author_name", flat=True))
        kept = testimonials.filter(
            status=TestimonialStatus.APPROVED, consent=TestimonialConsent.ANONYMISED
        )
        removed = testimonials.exclude(pk__in=kept.values("pk"))
        testimonial_texts = set(removed.values_list("text", flat=True)) - {""}
        anonymous = {"author_name": NAME_REMOVED, "email": "", "link_nonce": "", "token_hash": ""}
        counts["testimonials_kept_anonymous"] = kept.update(organisation="", **anonymous)
        counts["testimonials_removed"] = removed.update(
            text="",
            author_role="",
            organisation="",
            consent="",
            status=TestimonialStatus.NOT_USED,
            **anonymous,
        )
    counts["report_versions_rendered_again"] = _reports_unquote(
        quoted_ids, testimonial_texts, words
    )
    return counts


def _reports_unquote(quoted_ids: set[int], texts: set[str], words: set[str]) -> int:
    """Take the person's quotes and testimonials out of every report version that holds
    them, and render those versions again (the old file is deleted on render)."""
    changed = 0
    for report in InfluencingReport.objects.exclude(snapshot=None).select_related("document"):
        snapshot = report.snapshot
        quotes = snapshot.get("quotes", {})
        shown = [q for q in quotes.get("shown", []) if q.get("id") not in quoted_ids]
        groups = [
            {**g, "items": [i for i in g["items"] if i["text"] not in texts]}
            for g in snapshot.get("testimonials", [])
        ]
        for group in groups:
            for item in group["items"]:
                item["attribution"] = text_redact(item["attribution"], words)
        groups = [g for g in groups if g["items"]]
        if shown == quotes.get("shown", []) and groups == snapshot.get("testimonials", []):
            continue
        report.snapshot = {**snapshot, "quotes": {**quotes, "shown": shown}, "testimonials": groups}
        report.save(update_fields=["snapshot"])
        document = report.document
        if document is not None and document.status in (
            DocumentStatus.READY,
            DocumentStatus.FAILED,
        ):
            if document.file:
                name, storage = document.file.name, document.file.storage
                transaction.on_commit(lambda n=name, s=storage: s.delete(n), robust=True)
            document_rerender(document=document, failed_only=False)
        changed += 1
    return changed
