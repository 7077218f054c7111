"""Settings of the benchmark only: the production settings plus a bare view (bench/urls.py)
to compare every page with. Never used by the site itself."""

from network.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"

# The benchmark's own copy of the static files, beside its results.
STATIC_ROOT = BASE_DIR / "bench" / "results" / "static"  # noqa: F405
