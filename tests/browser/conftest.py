"""Browser tests: Debian's chromium driven by Playwright, with an axe scan of each page."""

import os

import pytest
from axe_playwright_python.sync_playwright import Axe

# Playwright's sync API leaves an event loop in the main thread for the rest of the
# session; the tests' own ORM calls are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
        "args": CHROMIUM_ARGS,
    }


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def axe():
    return Axe()


@pytest.fixture
def assert_accessible(axe):
    """Run axe-core on the page as it stands and fail with the violations listed."""

    def check(page):
        results = axe.run(page)
        violations = results.response["violations"]
        assert violations == [], f"{page.url}\n{results.generate_report()}"

    return check
