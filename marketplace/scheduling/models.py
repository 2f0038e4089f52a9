"""Runs of time-driven jobs, one row per (job, period), so no period's work is done twice."""

from django.db import models
from django.utils import timezone


class JobRunStatus(models.TextChoices):
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"


class JobRun(models.Model):
    job = models.CharField(max_length=100)
    period = models.DateTimeField(help_text="Start of the period this run covers (UTC)")
    status = models.CharField(max_length=16, choices=JobRunStatus.choices, default=JobRunStatus.RUNNING)
    attempts = models.PositiveIntegerField(default=1)
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-period", "job"]
        constraints = [models.UniqueConstraint(fields=["job", "period"], name="one_run_per_job_period")]

    def __str__(self):
        return f"{self.job} {self.period:%Y-%m-%d %H:%M} {self.status}"
