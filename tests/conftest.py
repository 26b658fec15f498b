"""Shared test configuration: hypothesis profiles.

`default` keeps the everyday run fast on a 2-core machine; `ci` (HYPOTHESIS_PROFILE=ci, used by
.ci/run together with `-m slow`) runs many more examples.
"""

import atexit
import os
import shutil
import tempfile

from hypothesis import HealthCheck, settings

settings.register_profile(
    "default",
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "ci",
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

# The CLI's schema cache lives in the user's cache folder; the tests use one of their own.
_CACHE = tempfile.mkdtemp(prefix="event-contracts-cache-")
atexit.register(shutil.rmtree, _CACHE, ignore_errors=True)
os.environ.setdefault("EVENT_CONTRACTS_CACHE_DIR", _CACHE)
