"""How long a CI run waits for a service that asks it to (both API clients): a few retries with
backoff on 429, 502, 503 and 504 (and GitHub's secondary rate limit, a 403), each wait the service's
`Retry-After` when it gives one, but never longer than WAIT_MAX seconds. A step that sleeps through
an hour-long rate limit helps no one: past the bound the call fails, and the run says so. Pure."""
from __future__ import annotations

RETRIES = 3  # retries after the first attempt
BACKOFF = 0.5  # seconds: 0.5, 1, 2 between attempts when the service gives no Retry-After
WAIT_MAX = 10.0  # seconds: the longest one wait, Retry-After included
STATUSES = (429, 502, 503, 504)


def bounded_wait(seconds: float) -> float:
    return min(max(seconds, 0.0), WAIT_MAX)
