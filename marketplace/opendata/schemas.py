"""The OCDS 1.1.5 schemas shipped in `schema/` (see SOURCE.md): validation and merge rules, with no network."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

SCHEMA_DIR = Path(__file__).parent / "schema"


@cache
def load(name: str) -> dict:
    return json.loads((SCHEMA_DIR / name).read_text())


@cache
def _registry():
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT4

    release = load("release-schema.json")
    return Registry().with_resource(release["id"], Resource.from_contents(release, default_specification=DRAFT4))


@cache
def validator(name: str):
    """A draft-04 validator for one of the shipped schemas, its `$ref`s resolved locally."""
    from jsonschema import Draft4Validator, FormatChecker

    return Draft4Validator(load(name), registry=_registry(), format_checker=FormatChecker())


def errors(document: dict, name: str = "release-package-schema.json") -> list[str]:
    """Every way `document` breaks the schema, as readable lines (empty when it is valid)."""
    return [
        f"{'/'.join(str(p) for p in error.absolute_path) or '(root)'}: {error.message}"
        for error in sorted(validator(name).iter_errors(document), key=lambda e: list(map(str, e.absolute_path)))
    ]
