"""Server-side configuration, and where the tracking URI comes from."""

import base64
import os
import re
from typing import List, Optional
from urllib.parse import unquote, urlsplit, urlunsplit

from traitlets import Float, Int, Unicode
from traitlets.config import Configurable

DEFAULT_TRACKING_URI = "http://127.0.0.1:5000"

#: Schemes a tracking URI may use; anything without a scheme is a local path (./mlruns).
HTTP_SCHEMES = ("http", "https")
LOCAL_SCHEME_PREFIXES = ("file", "sqlite", "postgresql", "mysql", "mssql")
OTHER_SCHEMES = ("databricks", "databricks-uc", "uc")
MAX_URI_LENGTH = 2048


def strip_credentials(uri: str) -> str:
    """The URI as it may be shown to users: no user:password, no query string."""
    try:
        parts = urlsplit(uri)
        port = parts.port
    except ValueError:
        return "<invalid tracking URI>"
    if not parts.scheme or not parts.netloc:
        return uri
    host = parts.hostname or ""
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    netloc = f"{host}:{port}" if port else host
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def is_http_uri(uri: str) -> bool:
    return uri.startswith(("http://", "https://"))


def validate_tracking_uri(uri: str) -> Optional[str]:
    """Why `uri` cannot be a tracking URI, or None when it can."""
    if len(uri) > MAX_URI_LENGTH:
        return f"the tracking URI is longer than {MAX_URI_LENGTH} characters"
    if any(ord(c) < 32 or c.isspace() for c in uri):
        return "the tracking URI must not contain spaces or control characters"
    match = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*):", uri)
    if not match or (len(match.group(1)) == 1 and uri[1:3] in (":\\", ":/")):
        return None  # a local path (./mlruns, /data/mlruns, C:\\mlruns)
    scheme = match.group(1).lower()
    if scheme in HTTP_SCHEMES:
        try:
            parts = urlsplit(uri)
            parts.port  # noqa: B018 - raises on a bad port
        except ValueError as err:
            return f"the tracking URI is not a valid URL: {err}"
        if not parts.hostname:
            return "the tracking URI has no host"
        return None
    if scheme.split("+")[0] in LOCAL_SCHEME_PREFIXES or scheme in OTHER_SCHEMES:
        return None
    return (
        f"unsupported tracking URI scheme {scheme!r}: use http(s)://, sqlite:, file:, "
        "postgresql:, mysql:, mssql: or a local path"
    )


class MlflowTracesConfig(Configurable):
    """Configure with `c.MlflowTracesConfig.<name>` in `jupyter_server_config.py`.

    The tracking URI is chosen, first match wins, from: `tracking_uri` below, the
    user's JupyterLab setting (sent by the frontend), `MLFLOW_TRACKING_URI` of the
    server process, then http://127.0.0.1:5000.

    Credentials for HTTP tracking servers come from the server process's
    environment (`MLFLOW_TRACKING_USERNAME` / `MLFLOW_TRACKING_PASSWORD`, or
    `MLFLOW_TRACKING_TOKEN`) or from the URI's user info; they are added to the
    requests this server makes and never sent to the browser.
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
        100 * 1024 * 1024,
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
        ).strip().rstrip("/")

    def display_tracking_uri(self) -> str:
        return strip_credentials(self.resolved_tracking_uri())

    def secrets(self) -> List[str]:
        """Values that must never appear in a response (scrubbed from messages)."""
        user = os.environ.get("MLFLOW_TRACKING_USERNAME", "")
        password = os.environ.get("MLFLOW_TRACKING_PASSWORD", "")
        values = [password, os.environ.get("MLFLOW_TRACKING_TOKEN", "")]
        try:
            parts = urlsplit(self.resolved_tracking_uri())
            if parts.password:
                values += [parts.password, unquote(parts.password)]
                if not user:
                    user, password = parts.username or "", unquote(parts.password)
        except ValueError:
            pass
        if user:
            # What goes into an `Authorization: Basic` header.
            values.append(base64.b64encode(f"{user}:{password}".encode()).decode())
        return sorted({v for v in values if len(v) >= 3}, key=len, reverse=True)
