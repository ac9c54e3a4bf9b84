"""A memo for the length of one static build, and only there.

Code that the live site runs per request (language alternates of a page, for example) can ask
`remember(key, compute)`: in the web process, and whenever no build is running, that is simply
`compute()`; while `generator.build` renders the site it installs its own memo (`active()`), so
the answer is computed once per build and the build's dependency record stays right
(generator/deps.py replays what the first computation loaded). Nothing is kept after the build.
"""

import threading
from contextlib import contextmanager

_state = threading.local()


def remember(key, compute):
    memo = getattr(_state, "memo", None)
    if memo is None:
        return compute()
    return memo(key, compute)


@contextmanager
def active(memo):
    """Install `memo(key, compute) -> value` for the code run inside (this thread only)."""
    previous = getattr(_state, "memo", None)
    _state.memo = memo
    try:
        yield
    finally:
        _state.memo = previous
