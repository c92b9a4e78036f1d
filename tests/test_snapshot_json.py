"""snapshot.json text (migrator/snapshot_json.py): metadata first, schema last, and the
metadata read without decoding the schema."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from migrator.snapshot_json import dump_snapshot, read_head

REQUIRED = frozenset({"app", "version"})
META = {"version": "0002", "app": "models", "parent": "0001", "depends_on": {"b": "0001"}}
SCHEMA = {"tables": {"user": {"columns": [{"name": "id", "type": "INT"}]}}, "dialect": "sqlite"}

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=10,
)


def test_metadata_keys_are_sorted_and_the_schema_comes_last_sorted_at_every_level() -> None:
    text = dump_snapshot(META, SCHEMA)
    data = json.loads(text)
    assert list(data) == ["app", "depends_on", "parent", "version", "schema"]
    assert list(data["schema"]) == ["dialect", "tables"]
    assert data == {**META, "schema": SCHEMA}
    assert text.endswith("}\n") and dump_snapshot(dict(reversed(META.items())), SCHEMA) == text


def test_the_head_is_read_without_decoding_the_schema() -> None:
    text = dump_snapshot(META, SCHEMA)
    cut = text.index('"schema"')
    damaged = text[:cut] + '"schema": {this is never decoded'
    assert read_head(damaged, REQUIRED) == META
    with pytest.raises(json.JSONDecodeError):
        json.loads(damaged)


def test_a_string_that_looks_like_the_schema_key_is_no_cut() -> None:
    """The fast path cuts at a newline and two spaces before "schema": inside a string a
    newline is always escaped, so a value cannot fake it."""
    meta = {**META, "name": '\n  "schema": {"x"', "version": "0003"}
    text = dump_snapshot(meta, SCHEMA)
    assert read_head(text, REQUIRED) == meta
    # without a required key the head is not enough: the whole object is read
    without_app = text.replace('  "app": "models",\n', "")
    assert read_head(without_app, REQUIRED) == json.loads(without_app)


def test_a_file_with_the_schema_before_required_keys_is_read_whole() -> None:
    """migrator 0.1 sorted every key, so "version" followed "schema"."""
    old = json.dumps({**META, "schema": SCHEMA}, indent=2, sort_keys=True)
    assert list(json.loads(old)).index("schema") < list(json.loads(old)).index("version")
    assert read_head(old, REQUIRED) == {**META, "schema": SCHEMA}


@pytest.mark.parametrize(
    "text",
    [
        "{oops",
        "",
        '{"app": "models", "version": ',
        '{"app" "models"}',
        '{"app": 1 "x": 2}',
        "{1: 2}",
    ],
)
def test_text_that_is_not_json_raises_json_errors(text: str) -> None:
    with pytest.raises(json.JSONDecodeError):
        read_head(text, REQUIRED)


@pytest.mark.parametrize("text", ["[]", '"schema"', "42"])
def test_json_that_is_not_an_object_is_a_value_error(text: str) -> None:
    with pytest.raises(ValueError, match="not a JSON object"):
        read_head(text, REQUIRED)


def test_compact_and_hand_formatted_files_read_the_same() -> None:
    compact = json.dumps({**META, "schema": SCHEMA}, separators=(",", ":"))
    spaced = json.dumps({**META, "schema": SCHEMA}, indent="\t").replace(":", " : ")
    assert read_head(compact, REQUIRED) == META
    assert read_head(spaced, REQUIRED) == META
    assert read_head("  {}  ", REQUIRED) == {}


@given(
    meta=st.dictionaries(st.text().filter(lambda k: k != "schema"), json_values, max_size=5).map(
        lambda d: {"app": "a", "version": "0001", **d}
    ),
    schema=st.dictionaries(st.text(), json_values, max_size=5),
)
def test_any_metadata_round_trips(meta: dict[str, Any], schema: dict[str, Any]) -> None:
    text = dump_snapshot(meta, schema)
    assert read_head(text, REQUIRED) == meta
    assert json.loads(text) == {**meta, "schema": schema}
