"""Server-side configuration, and where the tracking URI comes from."""

import os
from typing import Optional

from traitlets import Bool, Float, Int, Unicode, validate
from traitlets import List as ListTrait
from traitlets.config import LoggingConfigurable

# Re-exported: older modules import these from here.
from .credentials import (  # noqa: F401
    MAX_URI_LENGTH,
    is_http_uri,
    origin_of,
    secret_forms,
    strip_credentials,
    validate_tracking_uri,
)

DEFAULT_TRACKING_URI = "http://127.0.0.1:5000"


class MlflowTracesConfig(LoggingConfigurable):
    """Configure with `c.MlflowTracesConfig.<name>` in `jupyter_server_config.py`.

    The tracking URI is chosen, first match wins, from: `tracking_uri` below, the
    user's JupyterLab setting (sent by the frontend), `MLFLOW_TRACKING_URI` of the
    server process, then http://127.0.0.1:5000. Nothing in a notebook changes it.

    Credentials for HTTP tracking servers come from the server process's
    environment (`MLFLOW_TRACKING_USERNAME` / `MLFLOW_TRACKING_PASSWORD`, or
    `MLFLOW_TRACKING_TOKEN`) or from the URI's user info. Environment credentials
    are sent only to the origin of the server-side URI (`tracking_uri`, else
    `MLFLOW_TRACKING_URI`, else the resolved URI); they never reach the browser.
    """

    tracking_uri = Unicode(
        "",
        config=True,
        help=(
            "Tracking URI the server extension talks to. When set, it wins over the "
            "user's JupyterLab setting and MLFLOW_TRACKING_URI, and users cannot change it."
        ),
    )
    allowed_tracking_uris = ListTrait(
        Unicode(),
        default_value=[],
        config=True,
        help=(
            "Other http(s) tracking servers a notebook output may name, from which the "
            "user may fetch one trace with a click (a one-shot GET that changes no state). "
            "Credentials are sent only when the entry carries user info, or when its "
            "origin is the one the environment credentials belong to. Default: none."
        ),
    )
    allow_local_stores = Bool(
        False,
        config=True,
        help=(
            "Whether the user's JupyterLab setting may name a non-http tracking store "
            "(sqlite:, file:, a path, postgresql:, ...). `tracking_uri` and "
            "MLFLOW_TRACKING_URI may always do so. No request ever creates a store."
        ),
    )
    browse_kernel_stores = Bool(
        True,
        config=True,
        help=(
            "Whether the sidebar may read the local tracking store a notebook kernel "
            "reports (e.g. MLflow's default sqlite:///mlflow.db in the notebook's folder), "
            "per request, without changing the configured tracking URI. Only absolute local "
            "paths inside kernel_store_roots that already hold an MLflow store at this "
            "mlflow's schema are read; network URIs never (see kernel_stores.py)."
        ),
    )
    kernel_store_roots = ListTrait(
        Unicode(),
        default_value=[],
        config=True,
        help=(
            "Folders a kernel's local tracking store must be inside (after resolving "
            "symlinks) for the sidebar to read it. Default: the Jupyter server's root_dir."
        ),
    )
    request_timeout = Float(
        15.0, config=True, help="Seconds before a request to the tracking server is abandoned."
    )
    connect_timeout = Float(
        5.0, config=True, help="Seconds allowed to open a connection to the tracking server."
    )
    max_response_bytes = Int(
        32 * 1024 * 1024,
        config=True,
        help=(
            "Largest tracking-server response accepted, in bytes (default 32 MiB, room for "
            "one large trace); larger ones are refused with a 'too-large' error. Answers "
            "over 1 MiB are checked in a separate process, so the Jupyter server stays "
            "responsive, but each one in flight holds a few times its size in memory."
        ),
    )
    max_concurrent_requests = Int(
        4,
        config=True,
        help="Requests in flight at once to one tracking server (per origin); others wait.",
    )

    @validate("allowed_tracking_uris")
    def _only_http_origins(self, proposal):
        entries = []
        for uri in proposal["value"]:
            uri = uri.strip().rstrip("/")
            if origin_of(uri) is None:
                self.log.warning(
                    "MlflowTracesConfig.allowed_tracking_uris: ignoring %s (not an http(s) URL)",
                    strip_credentials(uri),
                )
                continue
            entries.append(uri)
        return entries

    @validate("max_concurrent_requests")
    def _at_least_one(self, proposal):
        return max(1, proposal["value"])

    # Set at run time from the user's JupyterLab setting (PUT /connection).
    _user_tracking_uri: Optional[str] = None

    def set_user_tracking_uri(self, uri: Optional[str]) -> None:
        self._user_tracking_uri = (uri or "").strip() or None

    def tracking_uri_source(self) -> str:
        if self.tracking_uri:
            return "server configuration"
        if self._user_tracking_uri:
            return "JupyterLab setting"
        if os.environ.get("MLFLOW_TRACKING_URI"):
            return "MLFLOW_TRACKING_URI"
        return "default"

    def resolved_tracking_uri(self) -> str:
        """The effective tracking URI, possibly with credentials: never send it to the browser."""
        return (
            (
                self.tracking_uri
                or self._user_tracking_uri
                or os.environ.get("MLFLOW_TRACKING_URI", "")
                or DEFAULT_TRACKING_URI
            )
            .strip()
            .rstrip("/")
        )

    def display_tracking_uri(self) -> str:
        return strip_credentials(self.resolved_tracking_uri())

    def credential_origin(self) -> Optional[str]:
        """The origin the environment credentials belong to: that of the server-side URI
        (`tracking_uri`, else MLFLOW_TRACKING_URI), else of the resolved URI."""
        server_side = self.tracking_uri or os.environ.get("MLFLOW_TRACKING_URI", "")
        return origin_of((server_side or self.resolved_tracking_uri()).strip())

    def env_credentials_allowed(self, uri: str) -> bool:
        origin = origin_of(uri)
        return origin is not None and origin == self.credential_origin()

    def allowed_origins(self) -> list[str]:
        return [o for o in (origin_of(uri) for uri in self.allowed_tracking_uris) if o]

    def allowed_entry(self, origin: str) -> Optional[str]:
        """The allow-list entry (full URI, maybe with user info) for `origin`."""
        for uri in self.allowed_tracking_uris:
            if origin_of(uri) == origin:
                return uri
        return None

    def secrets(self) -> list[str]:
        """Every form of every credential known to this server: never in a response."""
        uris = [
            self.resolved_tracking_uri(),
            self.tracking_uri,
            os.environ.get("MLFLOW_TRACKING_URI", ""),
            *self.allowed_tracking_uris,
        ]
        return secret_forms(u for u in uris if u)
