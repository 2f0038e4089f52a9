"""Compiled records: every release of one ocid merged by the OCDS merge rules (ocdsmerge)."""

from __future__ import annotations

from functools import cache

import ocdsmerge

from . import schemas


@cache
def merger() -> ocdsmerge.Merger:
    # The schema is passed as a dict: ocdsmerge would otherwise fetch the latest one from the web.
    return ocdsmerge.Merger(schema=schemas.load("release-schema.json"))


def compiled_release(releases: list[dict]) -> dict:
    return merger().create_compiled_release(releases)


def record(ocid: str, releases: list[dict], *, release_url) -> dict:
    """One OCDS record: its releases linked by URL, and the compiled release."""
    return {
        "ocid": ocid,
        "releases": [{"url": release_url(r), "date": r["date"], "tag": r["tag"]} for r in releases],
        "compiledRelease": compiled_release(releases),
    }
