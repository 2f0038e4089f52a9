"""Admission's time-driven jobs."""

from marketplace.scheduling.registry import job

from .services import debarments_in_force_apply
from .working_days import uk_date


@job("admission.debarments_in_force", every="hour")
def apply_debarments(*, period_start, period_end):
    """Suspend admissions of suppliers whose debarment starts today (entries may be added ahead of time)."""
    debarments_in_force_apply(today=uk_date(period_start))
