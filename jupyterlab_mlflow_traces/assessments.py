"""POST traces/<id>/assessments: log feedback or an expectation on a trace.

The one endpoint of this extension that changes a tracking store. It writes only
to the configured tracking store, the one the GET handlers read without
`?store=` (server configuration > the user's setting > MLFLOW_TRACKING_URI):
nothing in the body, no `tracking_uri` and no kernel's `?store=` chooses where
it goes. Jupyter's APIHandler checks the XSRF token on every POST, so a page
that is not JupyterLab cannot log in the user's name.

Body (JSON, at most MAX_BODY bytes):
  {"kind": "feedback", "name": "...", "value": true|false|number|"text",
   "rationale": "..."?}
  {"kind": "expectation", "name": "...", "value": number|"text"|true|false}
Answer: `{"assessment": <MLflow's assessment as created>, "tracking_uri": ...}`.

http(s) stores get MLflow 3's REST `POST /api/3.0/mlflow/traces/<id>/assessments`
through the same client as reads (credentials only to their origin, error
messages in our words). Local stores (sqlite:, file:) are written with MLflow's
own store in a worker thread, like `tracking_local`'s reads. MLflow 2 has no
assessments: its servers (and an mlflow 2 package here) answer `unsupported`.
The source of the assessment is HUMAN, with the Jupyter user's name as its id.
"""

import json
import math
import re
from dataclasses import dataclass
from typing import Any, Optional, Union
from urllib.parse import quote

import tornado

from .errors import TrackingError
from .handler_base import BaseHandler
from .json_bodies import merge_object
from .request_checks import bad_request, shown_value, trace_id_problem
from .responses import RawJson
from .tracking_http import HttpTrackingStore
from .tracking_local import LocalTrackingStore, _major

KINDS = ("feedback", "expectation")
MAX_BODY = 64 * 1024
MAX_NAME = 200
MAX_TEXT = 10_000
#: Names MLflow's UI and SDK use are words, dots, dashes and spaces; no control
#: or invisible characters reach the store.
NAME = re.compile(r"^[^\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]+$")

Value = Union[bool, int, float, str]


@dataclass
class AssessmentRequest:
    kind: str
    name: str
    value: Value
    rationale: Optional[str] = None


def parse_request(raw: bytes) -> AssessmentRequest:
    """The request a body asks for, or a `bad-request` saying what is wrong."""
    if len(raw) > MAX_BODY:
        raise bad_request(f"the body is larger than {MAX_BODY} bytes")
    try:
        body = json.loads(raw or b"null")
    except (ValueError, RecursionError):
        raise bad_request("the body must be JSON") from None
    if not isinstance(body, dict):
        raise bad_request('the body must be an object: {"kind", "name", "value", "rationale"?}')
    unknown = sorted(set(body) - {"kind", "name", "value", "rationale"})
    if unknown:
        raise bad_request(
            f"unknown field {shown_value(unknown[0])}: use kind, name, value, rationale"
        )
    kind = body.get("kind")
    if kind not in KINDS:
        raise bad_request("kind must be 'feedback' or 'expectation'")
    name = body.get("name")
    if not isinstance(name, str) or not name.strip():
        raise bad_request("name must be a non-empty string")
    name = name.strip()
    if len(name) > MAX_NAME or not NAME.match(name):
        raise bad_request(
            f"name must be at most {MAX_NAME} characters, without control or invisible ones"
        )
    value = body.get("value")
    if isinstance(value, float) and not math.isfinite(value):
        raise bad_request("value must be a finite number")
    if not isinstance(value, (bool, int, float, str)):
        raise bad_request("value must be true, false, a number or a string")
    if isinstance(value, str) and (not value.strip() or len(value) > MAX_TEXT):
        raise bad_request(f"a text value must be 1 to {MAX_TEXT} characters")
    rationale = body.get("rationale")
    if rationale is not None:
        if kind != "feedback":
            raise bad_request("rationale is for feedback only (MLflow's expectations have none)")
        if not isinstance(rationale, str) or len(rationale) > MAX_TEXT:
            raise bad_request(f"rationale must be a string of at most {MAX_TEXT} characters")
        rationale = rationale.strip() or None
    return AssessmentRequest(kind, name, value, rationale)


def rest_body(trace_id: str, request: AssessmentRequest, source_id: str) -> dict[str, Any]:
    """MLflow 3's CreateAssessment body, as its own REST client writes it."""
    assessment: dict[str, Any] = {
        "assessment_name": request.name,
        "trace_id": trace_id,
        "source": {"source_type": "HUMAN", "source_id": source_id},
    }
    if request.kind == "feedback":
        assessment["feedback"] = {"value": request.value}
        if request.rationale:
            assessment["rationale"] = request.rationale
    else:
        assessment["expectation"] = {"value": request.value}
    return {"assessment": assessment}


def unsupported(display_uri: str, version: str) -> TrackingError:
    return TrackingError(
        "unsupported",
        f"assessments need MLflow 3; the tracking server at {display_uri} runs {version}",
        status=501,
    )


async def log_over_http(
    store: HttpTrackingStore, trace_id: str, request: AssessmentRequest, source_id: str
) -> RawJson:
    path = f"/api/3.0/mlflow/traces/{quote(trace_id, safe='')}/assessments"
    body = rest_body(trace_id, request, source_id)
    try:
        checked = await store._object("POST", path, body=body)
    except TrackingError as err:
        if err.kind != "not-found" or err.upstream_status != 404:
            raise
        if not err.error_code:
            # A bare 404: no such endpoint. MLflow 2 servers have none.
            version = await store.version()
            if version.startswith(("0.", "1.", "2.")):
                raise unsupported(store.display_uri, version) from err
            raise
        raise TrackingError(
            "not-found", f"trace {trace_id} not found on {store.display_uri}", 404
        ) from err
    return RawJson(merge_object({"tracking_uri": store.display_uri}, checked))


async def log_locally(
    store: LocalTrackingStore, trace_id: str, request: AssessmentRequest, source_id: str
) -> RawJson:
    def create(mlflow, client):
        if _major(mlflow) < 3:
            raise unsupported(store.display_uri, f"mlflow {mlflow.__version__}")
        from mlflow.entities import AssessmentSource, Expectation, Feedback

        source = AssessmentSource(source_type="HUMAN", source_id=source_id)
        if request.kind == "feedback":
            entity = Feedback(
                name=request.name,
                value=request.value,
                rationale=request.rationale,
                source=source,
                trace_id=trace_id,
            )
        else:
            entity = Expectation(
                name=request.name, value=request.value, source=source, trace_id=trace_id
            )
        # The store itself, not TracingClient.log_assessment: that one also records
        # a usage event for MLflow's telemetry.
        created = client._tracing_client.store.create_assessment(entity)
        return {"assessment": created.to_dictionary(), "tracking_uri": store.display_uri}

    try:
        return await store._run(create)
    except TrackingError as err:
        if err.kind == "not-found":
            raise TrackingError(
                "not-found", f"trace {trace_id} not found on {store.display_uri}", 404
            ) from err
        raise


class AssessmentsHandler(BaseHandler):
    """traces/<id>/assessments: POST only (other verbs: a JSON 405)."""

    async def _post_only(self, *args: Any) -> None:
        self.write_tracking_error(
            TrackingError("bad-request", "traces/<id>/assessments takes POST only", status=405)
        )

    get = put = delete = patch = tornado.web.authenticated(_post_only)

    @tornado.web.authenticated
    async def post(self, trace_id: str) -> None:
        async def log():
            problem = trace_id_problem(trace_id)
            if problem:
                raise bad_request(f"not a trace id: {shown_value(trace_id)} ({problem})")
            store = self.configured_store_only("assessments go to")
            request = parse_request(self.request.body)
            source_id = getattr(self.current_user, "username", None) or "jupyterlab"
            if isinstance(store, HttpTrackingStore):
                return await log_over_http(store, trace_id, request, source_id)
            return await log_locally(store, trace_id, request, source_id)

        await self.run(log)
