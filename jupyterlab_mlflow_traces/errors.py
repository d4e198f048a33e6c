"""One error type for everything that can go wrong when reaching a tracking store."""

from typing import Optional


class TrackingError(Exception):
    """A failure with a message meant for the user, and the HTTP status to answer with.

    kind: unreachable | unauthorized | not-found | server-error | malformed |
    too-large | not-configured | missing-mlflow | bad-request
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

    def to_json(self) -> dict:
        return {"error": {"kind": self.kind, "message": self.message}}
