"""Settings for bench/load.py's gunicorn: the production profile, plus only what the bench
needs. Nothing here is for a real deployment.

- ROOT_URLCONF adds the floor view (bench/load_urlconf.py) in front of every production URL.
- STATIC_ROOT is the bench's own collectstatic directory (BENCH_STATIC_ROOT).

Rate limits are production's: bench/load.py sends each request from another address behind
one trusted proxy (TRUSTED_PROXY_COUNT=1), as a crowd of visitors would arrive.
"""

from ellw.settings.production import *  # noqa: F403
from ellw.settings.production import STATIC_ROOT, env

ROOT_URLCONF = "bench.load_urlconf"

STATIC_ROOT = env.path("BENCH_STATIC_ROOT", default=STATIC_ROOT)
