"""Settings for bench/load.py's gunicorn: the production profile, plus only what the bench
needs. Nothing here is for a real deployment.

- ROOT_URLCONF adds the floor view (bench/load_urlconf.py) in front of every production URL.
- The certificate verification page's rate limit is raised: wrk asks from one address far
  more often than 20 a minute, and would otherwise measure the 429 page. bench/load.py says
  so in its output.
- STATIC_ROOT is the bench's own collectstatic directory (BENCH_STATIC_ROOT).
"""

from ellw.settings.production import *  # noqa: F403
from ellw.settings.production import ACCOUNT_RATE_LIMITS, STATIC_ROOT, env

ROOT_URLCONF = "bench.load_urlconf"

BENCH_VERIFY_RATE_LIMIT = "1000000/m/ip"
ACCOUNT_RATE_LIMITS = {**ACCOUNT_RATE_LIMITS, "verify_certificate": BENCH_VERIFY_RATE_LIMIT}

STATIC_ROOT = env.path("BENCH_STATIC_ROOT", default=STATIC_ROOT)
