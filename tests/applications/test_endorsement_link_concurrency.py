"""Many "send the link again" clicks at the same moment send one link, not one each.

endorsement_resend locks the application's row (SELECT … FOR UPDATE) before counting the
links already sent, so concurrent clicks queue and the later ones see the first one's link.
SQLite has no row locks, so this runs on PostgreSQL only: CI runs it there.
"""

import threading

import pytest
from django.db import connection

from applications import services
from applications.models import EndorsementRequest
from ellw.mail.models import OutboundEmail
from tests.factories import ApplicationFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL row locks (SELECT ... FOR UPDATE); SQLite cannot row-lock",
    ),
]


def test_eight_resends_at_once_send_one_link():
    application = ApplicationFactory(clinical_director_email="cd@nhs.net")
    clicks = 8
    barrier = threading.Barrier(clicks)
    outcomes: list[str] = []

    def resend():
        try:
            barrier.wait(timeout=10)
            services.endorsement_resend(application=application, actor=application.applicant)
            outcomes.append("sent")
        except services.ApplicationRuleError as error:
            outcomes.append(" ".join(error.messages))
        finally:
            connection.close()

    threads = [threading.Thread(target=resend) for _ in range(clicks)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads)

    assert outcomes.count("sent") == 1
    refusals = [o for o in outcomes if o != "sent"]
    assert len(refusals) == clicks - 1
    assert all(o.startswith("A link was sent less than 10 minutes ago.") for o in refusals)
    assert EndorsementRequest.objects.filter(application=application).count() == 1
    assert OutboundEmail.objects.filter(to=["cd@nhs.net"]).count() == 1
