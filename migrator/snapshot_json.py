"""snapshot.json as text: metadata first, the model state last, so the metadata reads fast.

Every verb that applies or lists migrations needs each migration's metadata (app, version,
parent, dependencies, dialect) but not the model state it leads to, which grows with the
project: 100 migrations of a 200-model app are tens of megabytes of state. The file keeps
every key sorted except that ``schema`` comes last, and ``read_head`` decodes the top-level
members one by one, stopping at ``schema``; only ``migrate`` (and ``validate``) parse it all.
A file whose ``schema`` is not last (hand-formatted, or written by migrator 0.1) is read
whole, so both orders load the same way.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Mapping
from typing import Any

SCHEMA_KEY = "schema"
_WHITESPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


def dump_snapshot(meta: Mapping[str, Any], schema: Mapping[str, Any]) -> str:
    """The file's text: ``meta`` keys sorted, then ``schema`` (sorted at every level)."""
    ordered = {key: meta[key] for key in sorted(meta)}
    ordered[SCHEMA_KEY] = _sorted(schema)
    return json.dumps(ordered, indent=2, ensure_ascii=False) + "\n"


# how dump_snapshot writes the last top-level key: JSON strings cannot hold a raw newline, and
# only top-level keys are indented by exactly two spaces, so this marks that key and no other
_WRITTEN_SCHEMA_KEY = f'\n  "{SCHEMA_KEY}": '


def read_head(text: str, required: frozenset[str]) -> dict[str, Any]:
    """The top-level members before ``schema``, once every ``required`` key is among them;
    otherwise the whole object. Raises json.JSONDecodeError for text that is not JSON and
    ValueError for JSON that is not an object."""
    cut = text.find(_WRITTEN_SCHEMA_KEY)
    if cut > 0:  # as dump_snapshot wrote it: the head is a JSON object of its own
        head = text[:cut].rstrip().removesuffix(",") + "\n}"
        with contextlib.suppress(ValueError):
            data = json.loads(head)
            if isinstance(data, dict) and required <= data.keys():
                return data
    return _read_members(text, required)


def _read_members(text: str, required: frozenset[str]) -> dict[str, Any]:
    """``read_head`` for any formatting: member by member, up to ``schema``."""
    at = _skip(text, 0)
    if not text.startswith("{", at):
        json.loads(text)  # a JSONDecodeError with the position, when it is not JSON at all
        raise ValueError("not a JSON object")
    head: dict[str, Any] = {}
    at = _skip(text, at + 1)
    if text.startswith("}", at):
        return head
    while True:
        key, at = _DECODER.raw_decode(text, at)
        at = _skip(text, at)
        if not isinstance(key, str) or not text.startswith(":", at):
            return _whole(text)  # let json report the error with its position
        at = _skip(text, at + 1)
        if key == SCHEMA_KEY and required <= head.keys():
            return head
        head[key], at = _DECODER.raw_decode(text, at)
        at = _skip(text, at)
        if text.startswith("}", at):
            return head
        if not text.startswith(",", at):
            return _whole(text)
        at = _skip(text, at + 1)


def _skip(text: str, at: int) -> int:
    match = _WHITESPACE.match(text, at)
    return match.end() if match else at


def _whole(text: str) -> dict[str, Any]:
    data = json.loads(text)
    if not isinstance(data, dict):
        raise ValueError("not a JSON object")
    return data


def _sorted(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {key: _sorted(value[key]) for key in sorted(value)}
    if isinstance(value, list | tuple):
        return [_sorted(v) for v in value]
    return value
