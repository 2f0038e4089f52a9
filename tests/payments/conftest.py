"""A real localstripe for payment tests: one per test session (per xdist worker), on loopback, with a fresh state.

localstripe keeps its state in a module-level store that it pickles to /tmp/localstripe.pickle on every change,
the file a development server's localstripe uses too. The fixture runs it in a child process whose store writes to
the session's temporary folder instead, so tests never read or overwrite a developer's localstripe data.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator

import pytest

# Run in the child: keep localstripe's pickle in the given folder, then serve its aiohttp app on the listening
# socket handed over by the fixture (bound to 127.0.0.1 by the parent, so there is no race for a free port).
_SERVER = """
import logging, socket, sys
from pathlib import Path

fd, state_file = int(sys.argv[1]), Path(sys.argv[2])

from localstripe import resources

def dump_to_disk(store):
    with open(state_file, "wb") as f:
        resources.pickle.dump(store, f, protocol=resources.pickle.HIGHEST_PROTOCOL)

def never_load(store):
    raise RuntimeError("the test localstripe starts from scratch")

resources.Store.dump_to_disk = dump_to_disk
resources.Store.try_load_from_disk = never_load

from aiohttp import web
from localstripe.server import app

logging.basicConfig(level=logging.INFO)
web.run_app(app, sock=socket.socket(fileno=fd), print=lambda *_: None, access_log=None)
"""

STARTUP_SECONDS = 20


def _request(method: str, url: str, body: dict | None = None, timeout: float = 5) -> int:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return response.status


def register_webhook(base_url: str, endpoint_id: str, *, url: str, secret: str, events: list[str] | None = None):
    """Have localstripe send its events (about a second after they happen), signed with `secret`, to `url`.

    `events` limits them to those types; registering the same id again replaces the endpoint.
    """
    body: dict = {"url": url, "secret": secret}
    if events is not None:
        body["events"] = events
    status = _request("POST", f"{base_url}/_config/webhooks/{endpoint_id}", body)
    assert status == 200, f"localstripe refused the webhook endpoint ({status})"


def free_closed_port_url() -> str:
    """The address of a loopback port nothing listens on: a Stripe that is down."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@pytest.fixture(scope="session")
def localstripe(tmp_path_factory) -> Iterator[str]:
    """The base URL of a localstripe started for this session, with an empty state; stopped at the end."""
    folder = tmp_path_factory.mktemp("localstripe")
    state_file = folder / "localstripe.pickle"
    log_file = folder / "localstripe.log"
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(128)
    base_url = f"http://127.0.0.1:{listener.getsockname()[1]}"
    with open(log_file, "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-c", _SERVER, str(listener.fileno()), str(state_file)],
            pass_fds=[listener.fileno()],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    listener.close()
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            if process.poll() is not None:
                pytest.fail(f"localstripe exited ({process.returncode}):\n{log_file.read_text()}")
            try:
                _request("GET", f"{base_url}/js.stripe.com/v3/", timeout=1)
                break
            except (urllib.error.URLError, OSError):
                if time.monotonic() > deadline:
                    pytest.fail(f"localstripe did not answer within {STARTUP_SECONDS}s:\n{log_file.read_text()}")
                time.sleep(0.1)
        # --from-scratch: nothing is loaded, and the store is emptied all the same.
        _request("DELETE", f"{base_url}/_config/data")
        yield base_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


@pytest.fixture
def stripe_settings(settings, localstripe):
    """Settings pointing the gateway (and a page's Stripe.js) at the session's localstripe."""
    settings.STRIPE_API_BASE = localstripe
    settings.STRIPE_JS_URL = f"{localstripe}/js.stripe.com/v3/"
    settings.STRIPE_SECRET_KEY = "sk_test_spark_tests"
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_spark_tests"
    settings.STRIPE_WEBHOOK_SECRET = "whsec_spark_tests"
    settings.STRIPE_TIMEOUT_SECONDS = 5.0
    return settings


@pytest.fixture
def localstripe_webhook(localstripe, stripe_settings) -> Iterator[Callable[..., str]]:
    """Register a webhook endpoint: `localstripe_webhook(url, events=None)` -> endpoint id.

    Events are signed with the settings' STRIPE_WEBHOOK_SECRET. At the end of the test each endpoint it registered
    is switched to deliver nothing (localstripe cannot delete one), so later tests get no stray events.
    """
    registered: list[str] = []

    def register(url: str, events: list[str] | None = None, *, secret: str | None = None) -> str:
        endpoint_id = f"spark-test-{len(registered) + 1}-{time.monotonic_ns()}"
        register_webhook(
            localstripe, endpoint_id, url=url, secret=secret or stripe_settings.STRIPE_WEBHOOK_SECRET, events=events
        )
        registered.append(endpoint_id)
        return endpoint_id

    yield register
    for endpoint_id in registered:
        register_webhook(localstripe, endpoint_id, url="http://127.0.0.1:9/", secret="whsec_off", events=[])
