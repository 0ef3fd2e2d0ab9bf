"""A newcomer's first `make run`: seconds from a clean clone, with empty pip, uv and npm
caches, to the home page answering, phase by phase.

    python3 bench/first_run.py                  # the committed HEAD
    python3 bench/first_run.py --ref 1355fdd    # an older commit, to compare
    python3 bench/first_run.py --json           # and one JSON object on the last line

The phases are the targets `make run` builds, run one after another (so they add up to one
`make run`): the Python packages, the npm packages, the stylesheet, migrate and the demo data,
then the server until `/` answers 200. Needs only Python, git, make, Node.js and the network
the machine's package configuration points at. Results are recorded in docs/performance.md.
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


def _serve(cwd: Path, env: dict, host: str, log) -> float:
    started = time.perf_counter()
    server = subprocess.Popen(
        ["make", "run", f"HOST={host}"],
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ref", default="HEAD", help="the commit to clone (default HEAD)")
    parser.add_argument("--port", type=int, default=8123)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    host = f"127.0.0.1:{args.port}"

    with tempfile.TemporaryDirectory(prefix="ellw-first-run-") as scratch:
        scratch_dir = Path(scratch)
        clone = scratch_dir / "ellw"
        subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
        subprocess.run(["git", "checkout", "--quiet", args.ref], cwd=clone, check=True)
        env = {
            **os.environ,
            "PIP_CACHE_DIR": str(scratch_dir / "cache" / "pip"),
            "UV_CACHE_DIR": str(scratch_dir / "cache" / "uv"),
            "npm_config_cache": str(scratch_dir / "cache" / "npm"),
        }
        figures: dict[str, float] = {}
        with open(scratch_dir / "make.log", "w") as log:
            for name, target in PHASES:
                figures[name] = _run(target, clone, env, host, log)
            figures["server answers /"] = _serve(clone, env, host, log)
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=clone, capture_output=True, text=True
        ).stdout.strip()

    total = sum(figures.values())
    print(f"First `make run` of {commit}, empty caches (seconds)")
    for name, seconds in figures.items():
        print(f"  {name:<24} {seconds:6.1f}")
    print(f"  {'total':<24} {total:6.1f}")
    if args.json:
        print(
            json.dumps(
                {
                    "commit": commit,
                    "total_s": round(total, 1),
                    "phases_s": {name: round(seconds, 1) for name, seconds in figures.items()},
                }
            )
        )


if __name__ == "__main__":
    sys.exit(main())
