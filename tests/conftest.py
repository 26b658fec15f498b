"""Shared test configuration: hypothesis profiles.

`default` keeps the everyday run fast on a 2-core machine; `ci` (HYPOTHESIS_PROFILE=ci, used by
.ci/run together with `-m slow`) runs many more examples.
"""

import os

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
