"""Tracking URIs: what they are and how they are shown. Standard library only.

The one place, for the server extension (through credentials.py) and the kernel
hook alike, that answers what a URI's scheme and origin are, how it is shown to
users (no user info, no query, no fragment: they may hold secrets) and where a
local store is once made absolute. It lives in the kernel hook's package because
the frontend sends that package to kernels as source (Python 3.8 syntax); which
credentials go where stays on the server (credentials.py).

Schemes are matched case-insensitively (`HTTP://` is http).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

HTTP_SCHEMES = ("http", "https")
DEFAULT_PORTS = {"http": 80, "https": 443}
OTHER_SCHEMES = ("databricks", "databricks-uc", "uc")
#: What `strip_credentials` shows for a URI it cannot parse.
INVALID_URI = "<invalid tracking URI>"


def scheme_of(uri: str) -> str:
    """The lower-case scheme, or "" for a local path (./mlruns, /data, C:\\mlruns)."""
    match = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*):", uri)
    if not match or (len(match.group(1)) == 1 and uri[1:3] in (":\\", ":/")):
        return ""
    return match.group(1).lower()


def is_http_uri(uri: str) -> bool:
    return scheme_of(uri) in HTTP_SCHEMES


def _host_for_url(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def strip_credentials(uri: str) -> str:
    """The URI as it may be shown to users: no user info, no query, no fragment (they
    may hold secrets: `postgresql:///db?password=…`), scheme and host in lower case.
    A local path is shown as it is."""
    try:
        parts = urlsplit(uri)
        port = parts.port
    except ValueError:
        return INVALID_URI
    if not scheme_of(uri):
        return uri
    if not parts.netloc:
        # sqlite:////abs.db keeps its slashes (urlunsplit would drop two).
        head = uri.split("#", 1)[0].split("?", 1)[0]
        return parts.scheme.lower() + head[len(parts.scheme) :]
    host = _host_for_url(parts.hostname or "")
    netloc = f"{host}:{port}" if port else host
    return urlunsplit((parts.scheme.lower(), netloc, parts.path, "", ""))


def shown_uri(uri: object) -> str | None:
    """`strip_credentials` for a URI that may be missing (None, empty) or unparsable:
    then None, so nothing is reported rather than a placeholder."""
    if not isinstance(uri, str) or not uri:
        return None
    shown = strip_credentials(uri)
    return None if shown == INVALID_URI else shown


def absolute_store_uri(uri: str | None, cwd: str | None = None) -> str | None:
    """A local store's URI made absolute against the kernel's working directory.

    The kernel reports its tracking URI so the sidebar can browse the same store,
    but the Jupyter server runs elsewhere: ``sqlite:///mlflow.db`` (MLflow's
    default since 3.7), ``file:./mlruns`` and plain paths mean nothing there.
    Other URIs are returned as they are.
    """
    if not uri or not isinstance(uri, str):
        return uri
    base = cwd or os.getcwd()

    def absolute(path: str) -> str:
        return os.path.normpath(os.path.join(base, os.path.expanduser(path)))

    scheme = scheme_of(uri)
    if uri.startswith("sqlite:///"):
        rest, sep, query = uri[len("sqlite:///") :].partition("?")
        if rest and not rest.startswith("/") and rest != ":memory:":
            return f"sqlite:///{absolute(rest)}{sep}{query}"
        return uri
    if scheme == "file":
        path = uri[len("file:") :]
        if path and not path.startswith("/"):
            return Path(absolute(path)).as_uri()
        return uri
    if uri in OTHER_SCHEMES:  # MLflow's bare scheme names
        return uri
    if not scheme:  # a path (C:\ on Windows too)
        return Path(absolute(uri)).as_uri()
    return uri


def base_without_userinfo(uri: str) -> str:
    """Scheme, host, port and path (no trailing /): what requests are made to."""
    return strip_credentials(uri).rstrip("/")


def origin_of(uri: str) -> str | None:
    """`scheme://host[:port]` of an http(s) URI, lower case, default port omitted
    (as a browser's `URL.origin`); None when `uri` is not a valid http(s) URL."""
    if not is_http_uri(uri):
        return None
    try:
        parts = urlsplit(uri)
        port = parts.port
    except ValueError:
        return None
    if not parts.hostname:
        return None
    scheme = parts.scheme.lower()
    host = _host_for_url(parts.hostname.lower())
    if port is None or port == DEFAULT_PORTS[scheme]:
        return f"{scheme}://{host}"
    return f"{scheme}://{host}:{port}"
