"""A throwaway job for each test, cleaned out of the registry afterwards."""

from datetime import UTC, datetime

import pytest

from marketplace.scheduling import registry

# A Tuesday morning, UTC.
T0 = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


class Recorder:
    """A job body that records the periods it ran for, and fails when told to."""

    def __init__(self):
        self.calls = []
        self.fail_for = set()
        self.fail_times = 0

    def __call__(self, *, period_start, period_end):
        self.calls.append((period_start, period_end))
        if period_start in self.fail_for or self.fail_times:
            self.fail_times = max(0, self.fail_times - 1)
            raise RuntimeError(f"job broke for {period_start.isoformat()}")

    @property
    def periods(self):
        return [start for start, _ in self.calls]


@pytest.fixture
def register_job(db):
    registry.all_jobs()  # the apps' own jobs are discovered first, so the test's are the only extras
    added = []

    def register(name, every="minute"):
        assert name not in registry.JOBS
        recorder = Recorder()
        registry.job(name, every=every)(recorder)
        added.append(name)
        return recorder

    yield register
    for name in added:
        registry.JOBS.pop(name, None)
