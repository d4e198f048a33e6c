"""Server-side configuration, and where the tracking URI comes from."""

import os
from typing import Optional
from urllib.parse import urlsplit, urlunsplit

from traitlets import Float, Int, Unicode
from traitlets.config import Configurable

DEFAULT_TRACKING_URI = "http://127.0.0.1:5000"


def strip_credentials(uri: str) -> str:
    """The URI as it may be shown to users: no user:password, no query string."""
    try:
        parts = urlsplit(uri)
    except ValueError:
        return "<invalid tracking URI>"
    if not parts.scheme or not parts.netloc:
        return uri
    host = parts.hostname or ""
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def is_http_uri(uri: str) -> bool:
    return uri.startswith(("http://", "https://"))


class MlflowTracesConfig(Configurable):
    """Configure with `c.MlflowTracesConfig.<name>` in `jupyter_server_config.py`.

    The tracking URI is chosen, first match wins, from: `tracking_uri` below, the
    user's JupyterLab setting (sent by the frontend), `MLFLOW_TRACKING_URI` of the
    server process, then http://127.0.0.1:5000.
    """

    tracking_uri = Unicode(
        "",
        config=True,
        help=(
            "Tracking URI the server extension talks to. When set, it wins over the "
            "user's JupyterLab setting and MLFLOW_TRACKING_URI, and users cannot change it."
        ),
    )
    request_timeout = Float(
        15.0, config=True, help="Seconds before a request to the tracking server is abandoned."
    )
    connect_timeout = Float(
        5.0, config=True, help="Seconds allowed to open a connection to the tracking server."
    )
    max_response_bytes = Int(
        256 * 1024 * 1024,
        config=True,
        help="Largest tracking-server response accepted (bytes); larger ones are refused.",
    )

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
            self.tracking_uri
            or self._user_tracking_uri
            or os.environ.get("MLFLOW_TRACKING_URI", "")
            or DEFAULT_TRACKING_URI
        ).rstrip("/")

    def display_tracking_uri(self) -> str:
        return strip_credentials(self.resolved_tracking_uri())
