"""One error type for everything that can go wrong when reaching a tracking store."""

from typing import Any, Optional

#: Every error kind, as contract/openapi.json's ErrorKind lists and describes them
#: (tests/test_contract.py fails when the two differ).
ERROR_KINDS = (
    "unreachable",
    "timeout",
    "unauthorized",
    "forbidden-host",
    "not-found",
    "server-error",
    "malformed",
    "too-large",
    "not-configured",
    "missing-mlflow",
    "bad-request",
    "fixed",
    "host-not-allowed",
    "store-not-allowed",
    "unsupported",
)


class TrackingError(Exception):
    """A failure with a message meant for the user, and the HTTP status to answer with.

    kind: one of ERROR_KINDS (meanings in contract/openapi.json, ErrorKind).

    Failures of the tracking server are answered with 502/504 (never 401/403,
    which the browser would take for a Jupyter login problem); the tracking
    server's own status is in `upstream_status`. The 403s are refusals made
    before anything is read: `host-not-allowed` (a `tracking_uri` outside the
    allow-list) and `store-not-allowed` (a kernel's store outside the rule of
    `kernel_stores`).
    Messages never quote a tracking server's answer.
    """

    def __init__(
        self,
        kind: str,
        message: str,
        status: int = 502,
        upstream_status: Optional[int] = None,
        error_code: Optional[str] = None,
    ):
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.status = status
        self.upstream_status = upstream_status
        self.error_code = error_code

    def to_json(self) -> dict[str, Any]:
        error: dict[str, Any] = {"kind": self.kind, "message": self.message}
        if self.upstream_status is not None:
            error["upstream_status"] = self.upstream_status
        if self.error_code:
            error["error_code"] = self.error_code
        return {"error": error}
