"""The repository's contract (contract/openapi.json) as validators for the tests.

`validate(name, value)` checks `value` against `components.schemas[name]` (JSON Schema
2020-12, with jsonschema, which Jupyter already depends on) and fails the test with
every violation; `response_schema(path, status)` names the schema a handler's answer
must follow.

`mlflow=True` (the default) also holds the parts marked `x-passthrough` (a tracking
server's answer relayed as it came) to MLflow's shape; `mlflow=False` holds them only
to what the extension guarantees for any server (a JSON object, or any JSON), for
answers relayed from the tests' fake and hostile servers.
"""

import json
import re
from functools import cache
from pathlib import Path
from typing import Any, Optional

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

CONTRACT_PATH = Path(__file__).resolve().parents[2] / "contract" / "openapi.json"
CONTRACT_URI = "urn:jupyterlab-mlflow-traces:contract"


@cache
def contract() -> dict[str, Any]:
    return json.loads(CONTRACT_PATH.read_text(encoding="utf-8"))


def schemas() -> dict[str, Any]:
    return contract()["components"]["schemas"]


def _relayed_only(node: Any) -> Any:
    """The contract with each x-passthrough part reduced to what any server gets."""
    if isinstance(node, dict):
        relayed = node.get("x-passthrough")
        if relayed is not None:
            return {"type": "object"} if relayed == "object" else {}
        return {key: _relayed_only(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_relayed_only(item) for item in node]
    return node


@cache
def validator(name: str, mlflow: bool = True) -> Draft202012Validator:
    if name not in schemas():
        raise KeyError(f"no schema {name!r} in {CONTRACT_PATH}")
    document = contract() if mlflow else _relayed_only(contract())
    resource = Resource.from_contents(document, default_specification=DRAFT202012)
    registry = Registry().with_resource(CONTRACT_URI, resource)
    return Draft202012Validator(
        {"$ref": f"{CONTRACT_URI}#/components/schemas/{name}"}, registry=registry
    )


def problems(name: str, value: Any, mlflow: bool = True) -> list[str]:
    """Every way `value` breaks schema `name` (empty when it follows it)."""
    return [
        f"{'/'.join(map(str, err.absolute_path)) or '<root>'}: {err.message[:300]}"
        for err in validator(name, mlflow).iter_errors(value)
    ]


def validate(name: str, value: Any, mlflow: bool = True) -> None:
    found = problems(name, value, mlflow)
    assert not found, f"breaks the contract's {name}:\n" + "\n".join(found[:20])


def enum(name: str) -> list[Any]:
    return schemas()[name]["enum"]


# Path under the namespace -> schema of a 2xx answer (None: no JSON contract).
_ROUTES = [
    (re.compile(r"^status$"), "Status"),
    (re.compile(r"^connection$"), "Connection"),
    (re.compile(r"^experiments/?$"), "ExperimentsPage"),
    (re.compile(r"^experiments/[^/]*/traces/?$"), "TracesPage"),
    (re.compile(r"^experiments/.*$"), "ExperimentBody"),
    (re.compile(r"^traces/.+/assessments/?$"), "AssessmentBody"),
    (re.compile(r"^traces/.+/attachments/[^/]+/?$"), None),  # bytes, not JSON
    (re.compile(r"^traces(/.*)?$"), "TraceBody"),
]


def response_schema(path: str, status: int) -> Optional[str]:
    """The schema for an answer to `path` (relative to the namespace) with `status`."""
    if status >= 400:
        return "Error"
    for pattern, name in _ROUTES:
        if pattern.match(path):
            return name
    return None
