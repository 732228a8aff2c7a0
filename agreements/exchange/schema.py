"""Structural validation against docs/kader.schema.json, with Dutch messages and document paths."""

import json
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema

from agreements.exchange.errors import Problem

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "docs" / "kader.schema.json"

_TYPE_NAMES = {
    "string": "tekst",
    "number": "een getal",
    "integer": "een geheel getal",
    "array": "een lijst",
    "object": "een verzameling velden",
    "boolean": "true of false",
}


@cache
def schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@cache
def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(schema())


def _shown(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else f"'{value}'"
    return text if len(text) <= 60 else text[:57] + "..."


def _message(error: jsonschema.ValidationError) -> str:
    custom = error.schema.get("x-foutmelding") if isinstance(error.schema, dict) else None
    if error.validator == "required":
        missing = error.message.split("'")[1]
        return f"het verplichte veld '{missing}' ontbreekt"
    if error.validator == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        return f"onbekend veld '{', '.join(extra)}' (zie docs/exchange-format.md)"
    if error.validator in ("minLength",) and error.validator_value == 1:
        return "mag niet leeg zijn"
    if error.validator == "minItems":
        return f"noem er minstens {error.validator_value}"
    if error.validator == "maxLength":
        return f"is te lang (hoogstens {error.validator_value} tekens)"
    if custom:
        return f"moet {custom} zijn (gevonden: {_shown(error.instance)})"
    if error.validator == "type":
        expected = _TYPE_NAMES.get(error.validator_value, error.validator_value)
        return f"moet {expected} zijn (gevonden: {_shown(error.instance)})"
    if error.validator in ("minimum", "exclusiveMinimum"):
        return f"moet minstens {error.validator_value} zijn (gevonden: {_shown(error.instance)})"
    if error.validator == "maximum":
        return f"mag hoogstens {error.validator_value} zijn (gevonden: {_shown(error.instance)})"
    return f"ongeldige waarde {_shown(error.instance)}"


def validate(document: Any) -> list[Problem]:
    """Every structural problem of the document, in document order."""
    problems = [
        Problem(tuple(error.absolute_path), _message(error)) for error in _validator().iter_errors(document)
    ]
    return sorted(set(problems), key=lambda p: [str(part).zfill(6) for part in p.path])
