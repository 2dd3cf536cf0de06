"""The published JSON Schemas are the models' own: a stale copy fails."""

from __future__ import annotations

import json

from conftest import ROOT
from plan179.cli import schema_texts


def test_schemas_are_current() -> None:
    for name, text in schema_texts().items():
        path = ROOT / "data" / "schema" / name
        assert path.exists(), f"{path} missing: run `make schema`"
        assert path.read_text(encoding="utf-8") == text, f"{path.name} is stale: run `make schema` and commit it"


def test_schema_rejects_unknown_fields() -> None:
    schema = json.loads(schema_texts()["agency.schema.json"])
    assert schema["additionalProperties"] is False
    assert "name" in schema["required"]
