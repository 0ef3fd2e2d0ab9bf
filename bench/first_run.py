"""A newcomer's first `make run`: seconds from a clean clone, with empty pip, uv and npm
caches, to the home page answering.

    python3 bench/first_run.py                  # the committed HEAD
    python3 bench/first_run.py --ref 1355fdd    # an older commit, to compare
    python3 bench/first_run.py --phases         # and, in a second clone, each step alone
    python3 bench/first_run.py --json           # and one JSON object on the last line

The total is one `make run`, as a newcomer types it (make runs independent steps side by
side). With --phases, a second clean clone builds the targets `make run` builds one after
another with JOBS=1: the Python packages, the npm packages, the stylesheet, migrate and the
demo data, then the server until `/` answers. Needs only Python, git, make, Node.js and the
network the machine's package configuration points at. Results: docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PHASES = (
    ("Python packages", ".venv/bin/.installed"),
    ("npm packages", "node_modules/.installed"),
    ("stylesheet", "assets"),
    ("migrate and demo data", "seed"),
)


def _run(target: str, cwd: Path, env: dict, host: str, log) -> float:
    started = time.perf_counter()
    subprocess.run(
        ["make", target, f"HOST={host}"], cwd=cwd, env=env, check=True, stdout=log, stderr=log
    )
    return time.perf_counter() - started


def _serve(cwd: Path, env: dict, host: str, log, *, built: bool = False) -> float:
    """`make run` until / answers; `built`: its prerequisites are taken as made (-o)."""
    started = time.perf_counter()
    skip = [f"--old-file={target}" for target in ("install", "assets", "seed")] if built else []
    server = subprocess.Popen(
        ["make", "run", f"HOST={host}", *skip],
        cwd=cwd,
        env=env,
        stdout=log,
        stderr=log,
        start_new_session=True,
    )
    try:
        while True:
            if server.poll() is not None:
                raise SystemExit("make run stopped before the home page answered")
            try:
                with urllib.request.urlopen(f"http://{host}/", timeout=2) as response:
                    if response.status == 200:
                        return time.perf_counter() - started
            except OSError:
                time.sleep(0.1)
    finally:
        os.killpg(server.pid, 15)
        server.wait()


def _clone(scratch_dir: Path, name: str, ref: str) -> tuple[Path, dict]:
    clone = scratch_dir / name
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
    subprocess.run(["git", "checkout", "--quiet", ref], cwd=clone, check=True)
    caches = scratch_dir / f"{name}-cache"
    env = {
        **os.environ,
        "PIP_CACHE_DIR": str(caches / "pip"),
        "UV_CACHE_DIR": str(caches / "uv"),
        "npm_config_cache": str(caches / "npm"),
    }
    return clone, env


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ref", default="HEAD", help="the commit to clone (default HEAD)")
    parser.add_argument("--port", type=int, default=8123)
    parser.add_argument("--phases", action="store_true", help="also time each step alone")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    host = f"127.0.0.1:{args.port}"

    phases: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="ellw-first-run-") as scratch:
        scratch_dir = Path(scratch)
        with open(scratch_dir / "make.log", "w") as log:
            clone, env = _clone(scratch_dir, "whole", args.ref)
            total = _serve(clone, env, host, log)
            if args.phases:
                clone, env = _clone(scratch_dir, "phases", args.ref)
                env["JOBS"] = "1"
                for name, target in PHASES:
                    phases[name] = _run(target, clone, env, host, log)
                phases["server answers /"] = _serve(clone, env, host, log, built=True)
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=clone, capture_output=True, text=True
        ).stdout.strip()

    print(f"First `make run` of {commit}, empty caches (seconds)")
    print(f"  {'make run -> / answers':<24} {total:6.1f}")
    if phases:
        print("  each step alone, one after another:")
        for name, seconds in phases.items():
            print(f"    {name:<22} {seconds:6.1f}")
        print(f"    {'sum':<22} {sum(phases.values()):6.1f}")
    if args.json:
        figures = {name: round(seconds, 1) for name, seconds in phases.items()}
        print(json.dumps({"commit": commit, "total_s": round(total, 1), "phases_s": figures}))


if __name__ == "__main__":
    sys.exit(main())
