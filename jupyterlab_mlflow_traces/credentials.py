"""The credentials that belong to tracking URIs. Standard library only.

One place answers, for the server extension: which credentials a request to a
URI carries, every form in which those credentials could show up in text (to keep
them out of responses), and which URIs the user's setting may name. What a URI
is and how it is shown comes from `kernel_hook/uris.py`, which the kernel hook
uses too (re-exported here for the server's modules).

Rules:
- User info is percent-decoded as MLflow's client (requests'
  `get_auth_from_url`) does: `user:p%40ss@host` authenticates as `p@ss`.
- Environment credentials (`MLFLOW_TRACKING_USERNAME`/`PASSWORD`/`TOKEN`) go only
  to the origin they belong to (see `MlflowTracesConfig.credential_origin`).
"""

from __future__ import annotations

import base64
import ipaddress
import json
import os
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import quote, quote_plus, unquote, urlsplit

from .kernel_hook.uris import (  # noqa: F401 (the server's modules import them from here)
    DEFAULT_PORTS,
    HTTP_SCHEMES,
    INVALID_URI,
    OTHER_SCHEMES,
    absolute_store_uri,
    base_without_userinfo,
    is_http_uri,
    origin_of,
    scheme_of,
    shown_uri,
    strip_credentials,
)

LOCAL_SCHEME_PREFIXES = ("file", "sqlite", "postgresql", "mysql", "mssql")
MAX_URI_LENGTH = 2048
#: Host names of cloud metadata services (the IPs are checked as addresses).
METADATA_HOSTS = ("metadata.google.internal", "metadata", "metadata.azure.internal")
METADATA_ADDRESSES = (
    ipaddress.ip_address("100.100.100.200"),  # Alibaba Cloud
    ipaddress.ip_address("fd00:ec2::254"),  # AWS IMDS over IPv6
)
#: Shorter values are not treated as secrets: replacing them would mangle text.
MIN_SECRET_LENGTH = 3
ENV_CREDENTIALS = ("MLFLOW_TRACKING_USERNAME", "MLFLOW_TRACKING_PASSWORD", "MLFLOW_TRACKING_TOKEN")


def userinfo_of(uri: str) -> tuple[str, str]:
    """(user, password) from the URI, percent-decoded as requests does; ("", "") if none."""
    try:
        parts = urlsplit(uri)
    except ValueError:
        return "", ""
    if "@" not in parts.netloc:
        return "", ""
    return unquote(parts.username or ""), unquote(parts.password or "")


def _raw_password(uri: str) -> str:
    try:
        return urlsplit(uri).password or ""
    except ValueError:
        return ""


def env_credentials() -> dict[str, str]:
    return {name: os.environ.get(name, "") for name in ENV_CREDENTIALS}


def auth_headers(uri: str, env_allowed: bool) -> dict[str, str]:
    """What MLflow's client would send to `uri`: the environment's token or user/password
    (only when `env_allowed`, i.e. `uri` is their origin), else the URI's own user info."""
    headers: dict[str, str] = {}
    env = env_credentials() if env_allowed else {}
    user, password = userinfo_of(uri)
    if env.get("MLFLOW_TRACKING_TOKEN"):
        headers["Authorization"] = f"Bearer {env['MLFLOW_TRACKING_TOKEN']}"
    elif env.get("MLFLOW_TRACKING_USERNAME"):
        headers["Authorization"] = basic_value(
            env["MLFLOW_TRACKING_USERNAME"], env.get("MLFLOW_TRACKING_PASSWORD", "")
        )
    elif user or password:
        headers["Authorization"] = basic_value(user, password)
    workspace = os.environ.get("MLFLOW_WORKSPACE")
    if workspace and env_allowed:
        headers["X-MLFLOW-WORKSPACE"] = workspace
    return headers


def basic_value(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def _forms(value: str) -> list[str]:
    """Ways a secret can be written in text: raw, JSON-escaped, percent-encoded."""
    return [
        value,
        json.dumps(value)[1:-1],
        json.dumps(value, ensure_ascii=False)[1:-1],
        quote(value, safe=""),
        quote(value),
        quote_plus(value),
    ]


def secret_forms(uris: Iterable[str]) -> list[str]:
    """Every credential of the environment and of `uris`, in every form it could be
    written in, longest first: none of them may appear in a response."""
    env = env_credentials()
    values = [env["MLFLOW_TRACKING_PASSWORD"], env["MLFLOW_TRACKING_TOKEN"]]
    pairs = []
    if env["MLFLOW_TRACKING_USERNAME"]:
        pairs.append((env["MLFLOW_TRACKING_USERNAME"], env["MLFLOW_TRACKING_PASSWORD"]))
    for uri in uris:
        user, password = userinfo_of(uri)
        raw = _raw_password(uri)
        values += [password, raw]
        if user or password:
            pairs += [(user, password), (unquote(user), raw)]
    forms: list[str] = []
    for value in values:
        if len(value) >= MIN_SECRET_LENGTH:
            forms += _forms(value)
    for user, password in pairs:
        # What an `Authorization: Basic` header holds.
        forms.append(basic_value(user, password)[len("Basic ") :])
    return sorted({f for f in forms if len(f) >= MIN_SECRET_LENGTH}, key=len, reverse=True)


def scrub_text(text: str, forms: Iterable[str]) -> str:
    for form in forms:
        text = text.replace(form, "***")
    return text


@dataclass
class UriProblem:
    message: str


def forbidden_address(host: str) -> str | None:
    """Why `host` (a literal address in any notation) may not be contacted, or None."""
    address = None
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        try:
            # inet_aton also reads 2852039166, 0xa9.0xfe.0xa9.0xfe and 169.254.43518.
            address = ipaddress.ip_address(socket.inet_aton(host))
        except (OSError, ValueError):
            return None
    mapped = getattr(address, "ipv4_mapped", None)
    if mapped is not None:
        address = mapped
    if address.is_link_local or address in METADATA_ADDRESSES:
        return f"{address} is a link-local or cloud-metadata address"
    return None


def forbidden_host(host: str) -> str | None:
    """Why the tracking server may not be `host`: link-local and cloud-metadata hosts."""
    host = host.lower().rstrip(".")
    if host in METADATA_HOSTS:
        return f"{host} is a cloud-metadata host"
    return forbidden_address(host)


def http_uri_problem(uri: str) -> str | None:
    """Why an http(s) URI cannot name a tracking server, or None."""
    try:
        parts = urlsplit(uri)
        parts.port  # noqa: B018 - raises on a bad port
    except ValueError as err:
        return f"the tracking URI is not a valid URL: {err}"
    if not parts.hostname:
        return "the tracking URI has no host"
    if "@" in parts.netloc:
        userinfo = parts.netloc.rpartition("@")[0]
        if not userinfo.partition(":")[0]:
            return "the tracking URI has user info without a user name"
    if parts.query or parts.fragment or uri.endswith(("?", "#")):
        return "the tracking URI must not have a query or a fragment"
    reason = forbidden_host(parts.hostname)
    if reason:
        return f"the tracking URI may not point at {parts.hostname}: {reason}"
    return None


def validate_tracking_uri(uri: str, allow_local: bool) -> str | None:
    """Why `uri` (the user's setting) cannot be the tracking URI, or None when it can."""
    if len(uri) > MAX_URI_LENGTH:
        return f"the tracking URI is longer than {MAX_URI_LENGTH} characters"
    if any(ord(c) < 32 or ord(c) == 127 or c.isspace() for c in uri):
        return "the tracking URI must not contain spaces or control characters"
    scheme = scheme_of(uri)
    if scheme in HTTP_SCHEMES:
        return http_uri_problem(uri)
    is_local = scheme == "" or scheme.split("+")[0] in LOCAL_SCHEME_PREFIXES
    if is_local and allow_local:
        return None
    if is_local:
        return (
            "local tracking stores (sqlite:, file:, paths, database URIs) are not allowed from "
            "the JupyterLab setting: use an http(s) tracking server, or have the server "
            "configuration set MlflowTracesConfig.allow_local_stores = True"
        )
    return f"unsupported tracking URI scheme {scheme!r}: use http:// or https://" + (
        ", sqlite:, file:, postgresql:, mysql:, mssql: or a local path" if allow_local else ""
    )
