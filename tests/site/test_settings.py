"""Settings come from the environment; production mode passes Django's deployment checks."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Production takes its Stripe keys from the environment and refuses to start without them
# (tests/payments/test_stripe_gateway.py checks that refusal).
STRIPE_KEYS = {
    "STRIPE_SECRET_KEY": "sk_live_example",
    "STRIPE_PUBLISHABLE_KEY": "pk_live_example",
    "STRIPE_WEBHOOK_SECRET": "whsec_example",
}


def run_manage(*args, env_overrides, tmp_path):
    env = {key: value for key, value in os.environ.items() if key not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "SPARK_ENV", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update({"SPARK_VAR_DIR": str(tmp_path), **env_overrides})
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_production_mode_passes_check_deploy_with_no_warnings(tmp_path):
    key_file = tmp_path / "bid-sealing.key"
    key_file.write_text(secrets.token_hex(32))
    key_file.chmod(0o600)
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING",
        env_overrides={
            "SPARK_ENV": "production",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "spark.example.gov.uk",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            "SPARK_SEALING_KEY_FILE": str(key_file),
            **STRIPE_KEYS,
        },
        tmp_path=tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_check_deploy_fails_without_the_bid_sealing_key(tmp_path):
    """Rule 7: production is given the master key from outside; it never makes one up."""
    result = run_manage(
        "check", "--deploy",
        env_overrides={
            "SPARK_ENV": "production",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "spark.example.gov.uk",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            "SPARK_SEALING_KEY_FILE": str(tmp_path / "missing.key"),
            **STRIPE_KEYS,
        },
        tmp_path=tmp_path,
    )
    assert result.returncode != 0
    assert "spark.E010" in result.stdout + result.stderr


def test_production_mode_refuses_to_start_without_a_secret_key(tmp_path):
    result = run_manage("check", env_overrides={"SPARK_ENV": "production", "ALLOWED_HOSTS": "x"}, tmp_path=tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_development_mode_needs_no_settings_module_and_uses_sqlite_under_var(tmp_path):
    result = run_manage(
        "shell", "--no-imports", "-c", "from django.conf import settings; print(settings.DATABASES['default']['NAME']); print(settings.DEBUG)",
        env_overrides={"SPARK_ENV": "development"},
        tmp_path=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    name, debug = result.stdout.split()
    assert name == str(tmp_path / "spark.sqlite3")
    assert debug == "True"
