"""What a request may ask for: page sizes, sort orders, view types, and the ids that
may reach a tracking server's path (validated after URL-decoding). The lists match
contract/openapi.json (tests/test_contract.py checks them)."""

import re
from typing import Optional
from urllib.parse import unquote

from .errors import TrackingError

MAX_PAGE = 500
DEFAULT_PAGE = 100

EXPERIMENT_ORDERS = (
    "last_update_time DESC",
    "last_update_time ASC",
    "name ASC",
    "name DESC",
    "creation_time DESC",
    "creation_time ASC",
)
VIEW_TYPES = ("ACTIVE_ONLY", "DELETED_ONLY", "ALL")
TRACE_ORDERS = (
    "timestamp_ms DESC",
    "timestamp_ms ASC",
    "execution_time_ms DESC",
    "execution_time_ms ASC",
)
# Experiment ids are numbers in MLflow OSS; other stores use other safe ids.
EXPERIMENT_ID = re.compile(r"^[A-Za-z0-9_.\-]{1,200}$")
# Trace ids: tr-<hex>, bare hex (MLflow 2), and what encodeURIComponent leaves as is;
# Unity Catalog ids keep their "/": trace:/<catalog.schema>/<hex>.
TRACE_ID_MAX = 400
TRACE_ID = re.compile(r"^[A-Za-z0-9_.:~!'()*%@+=\-]+$")
UC_TRACE_ID = re.compile(r"^trace:/[A-Za-z0-9_.\-]+/[A-Za-z0-9_.:~!'()*%@+=\-]+$")
PAGE_TOKEN_MAX = 4096


def shown_value(value: str) -> str:
    return repr(value[:80]) + ("…" if len(value) > 80 else "")


def trace_id_problem(trace_id: str, decodings: int = 2) -> Optional[str]:
    """Why a (URL-decoded) path segment is not a trace id, or None.

    A `%` left after Tornado's decoding is decoded again (twice at most) and checked
    too: a doubly encoded `..%2F` must not reach a proxy that decodes once more."""
    if not trace_id:
        return "empty"
    if len(trace_id) > TRACE_ID_MAX:
        return f"longer than {TRACE_ID_MAX} characters"
    if any(ord(c) < 32 or 127 <= ord(c) < 160 for c in trace_id):
        return "control characters"
    if ".." in trace_id or any(s in ("", ".") for s in trace_id.split("/")):
        return "'..' or empty path segments"
    if "/" in trace_id and not UC_TRACE_ID.match(trace_id):
        return "'/' outside a trace:/<location>/<id> id"
    if "/" not in trace_id and not TRACE_ID.match(trace_id):
        return "characters outside A-Z a-z 0-9 _ . : ~ ! ' ( ) * % @ + = -"
    decoded = unquote(trace_id)
    if decoded != trace_id and decodings > 0:
        problem = trace_id_problem(decoded, decodings - 1)
        return f"once decoded: {problem}" if problem else None
    return None


def experiment_id_problem(experiment_id: str) -> Optional[str]:
    if experiment_id in (".", "..") or not EXPERIMENT_ID.match(experiment_id):
        return "up to 200 of A-Z a-z 0-9 _ . - expected"
    return None


def bad_request(message: str) -> TrackingError:
    return TrackingError("bad-request", message, status=400)
