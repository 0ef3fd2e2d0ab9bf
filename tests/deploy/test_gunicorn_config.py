"""deploy/gunicorn.conf.py: what its access log leaves out."""

import runpy

from django.conf import settings


def test_the_access_log_names_no_link_token():
    config = runpy.run_path(str(settings.BASE_DIR / "deploy" / "gunicorn.conf.py"))
    scrub = config["access_log_scrub"]
    token = "Zm9vYmFyYmF6cXV4LXRva2VuLXZhbHVlLTAxMjM0NTY3"
    assert scrub(f"/endorse/{token}/") == "/endorse/[Filtered]/"
    assert scrub(f"GET /calendar/{token}.ics HTTP/1.1") == "GET /calendar/[Filtered].ics HTTP/1.1"
    # Pages without a token are logged as they are.
    assert scrub("/endorse/review/42/") == "/endorse/review/42/"
    assert scrub("/static/build/ellw.629c985ce76b.css") == "/static/build/ellw.629c985ce76b.css"
