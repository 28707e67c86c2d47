"""The JSON Schema of campaign.yaml (schema/json/campaign.schema.json): fresh, generated from the
criteria's blocks, accepting the example campaign and rejecting a wrong one, as an editor would
(`check-jsonschema`, the validator the yaml-language-server modeline points editors at)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PROJECT

from site_builder.check.rules.blocks import BLOCKS
from site_builder.check.rules.campaign_schema import SCHEMA_PATH, campaign_schema, render
from site_builder.check.rules.named import NAMED

SCHEMA = PROJECT / SCHEMA_PATH
EXAMPLE = PROJECT / "campaigns" / "cchc-2024" / "campaign.yaml"
CHECK_JSONSCHEMA = Path(sys.executable).with_name("check-jsonschema")


def validate(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(CHECK_JSONSCHEMA), "--schemafile", str(SCHEMA), str(path)],
                          capture_output=True, text=True, timeout=120)


def test_committed_schema_is_fresh() -> None:
    assert SCHEMA.read_text(encoding="utf-8") == render(), "run: python -m site_builder.reference"


def test_every_block_and_named_criterion_is_in_the_schema() -> None:
    declarations = campaign_schema()["properties"]["criteria"]["additionalProperties"]["oneOf"]
    assert {d["title"] for d in declarations} == {f"block: {b}" for b in BLOCKS} | {f"use: {n}" for n in NAMED}


def test_example_campaign_names_the_schema_and_validates() -> None:
    assert EXAMPLE.read_text(encoding="utf-8").splitlines()[0] == (
        "# yaml-language-server: $schema=../../schema/json/campaign.schema.json")
    done = validate(EXAMPLE)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("old, new", [
    ("    block: at_least\n", "    block: at_lest\n"),                    # unknown block
    ("    min: 1\n", "    min: one\n"),                                   # not a number
    ("    citation: V.3\n    title: Hồ sơ phải có đủ", "    title: Hồ sơ phải có đủ"),  # no citation
    ("    value: false\n", "    value: false\n    colour: red\n"),       # unknown key
    ("  dossier-file:\n", "  unknown-field:\n"),                        # a code of the checker
    ("      type: boolean\n", "      type: yes-no\n"),                   # a field of an unknown type
    ("        enum: [chi_dao,", "        enum: chi_dao\n        x: [chi_dao,"),  # enum not a list
    ("      private: true\n", "      private: maybe\n"),                 # privacy not true/false
], ids=["unknown-block", "not-a-number", "no-citation", "unknown-key", "checker-code", "field-type", "field-enum",
        "field-private"])
def test_a_wrong_campaign_is_rejected(tmp_path: Path, old: str, new: str) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    assert old in text
    wrong = tmp_path / "campaign.yaml"
    wrong.write_text(text.replace(old, new, 1), encoding="utf-8")
    done = validate(wrong)
    assert done.returncode == 1, done.stdout + done.stderr
    assert json.loads(SCHEMA.read_text(encoding="utf-8"))["$schema"].endswith("2020-12/schema")
