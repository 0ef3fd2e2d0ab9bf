"""The shape of the code: apps import one way only, one concept has one module name, and
no module grows past about 400 lines. These read the source; they need no database."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Lowest first. An app may import itself and the apps below it, never one above or beside
# it: evaluation reads applications (the report counts applications per cohort), both read
# cohorts, cohorts reads modules, and everything reads the plumbing in ellw.
LAYERS = ["ellw", "modules", "cohorts", "applications", "evaluation"]

# The root URL conf composes the apps (it mounts each one and hands the staff dashboard and
# the home page what they list), so it is the one module of ellw that names them.
COMPOSES_THE_APPS = {Path("ellw/urls.py")}

# Screens, forms and URLs live in packages by concept (views/attendance.py beside
# services/attendance.py), not in prefixed files beside them.
OLD_NAMES = re.compile(r"^(views_.*|forms_.*|.*_urls|staff_views|staff_forms)\.py$")

MAX_LINES = 420  # about 400: a module longer than this is split by concept


def _app_modules():
    for app in LAYERS:
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = path.relative_to(ROOT)
            if "migrations" not in relative.parts and "settings" not in relative.parts:
                yield app, relative


def _imported_apps(path: Path) -> set[str]:
    tree = ast.parse((ROOT / path).read_text(), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return {name.split(".")[0] for name in names} & set(LAYERS)


def test_the_layers_are_what_the_apps_are():
    apps = {p.parent.name for p in ROOT.glob("*/apps.py")}
    assert apps == set(LAYERS)


@pytest.mark.parametrize(("app", "path"), list(_app_modules()), ids=str)
def test_an_app_imports_only_itself_and_the_apps_below_it(app, path):
    if path in COMPOSES_THE_APPS:
        return
    allowed = set(LAYERS[: LAYERS.index(app) + 1])
    upward = _imported_apps(path) - allowed
    assert not upward, f"{path} imports {sorted(upward)}, above or beside {app}"


def test_no_screen_form_or_url_module_is_named_the_old_way():
    found = [str(path) for _, path in _app_modules() if OLD_NAMES.match(path.name)]
    assert found == []


def test_no_module_is_over_about_400_lines():
    long = {
        str(path): lines
        for _, path in _app_modules()
        if path.name != "demo.py"
        and (lines := len((ROOT / path).read_text().splitlines())) > MAX_LINES
    }
    assert long == {}


def test_an_upward_import_is_caught(tmp_path, monkeypatch):
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    (tmp_path / "cohorts").mkdir()
    (tmp_path / "cohorts" / "views.py").write_text(
        "from modules.models import Module\ndef f():\n    from applications.selectors import x\n"
    )
    assert _imported_apps(Path("cohorts/views.py")) == {"modules", "applications"}


@pytest.mark.parametrize(
    ("name", "old"),
    [
        ("views_sets.py", True),
        ("forms_timetable.py", True),
        ("staff_urls.py", True),
        ("staff_views.py", True),
        ("staff_forms.py", True),
        ("urls.py", False),
        ("views.py", False),
        ("sets.py", False),
    ],
)
def test_old_names_are_recognised(name, old):
    assert bool(OLD_NAMES.match(name)) is old
