"""Which tracking store a request reads: the configured one, a notebook kernel's local
store (`?store=`, rules in `kernel_stores`), or an allow-listed server for a one-shot
`GET traces/<id>?tracking_uri=`. Nothing else chooses a host, and environment
credentials go only to the origin they belong to."""

from .config import MlflowTracesConfig
from .credentials import MAX_URI_LENGTH, is_http_uri, origin_of, scheme_of, strip_credentials
from .errors import TrackingError
from .kernel_stores import KernelStore
from .request_checks import bad_request
from .tracking_http import HttpTrackingStore
from .tracking_local import LocalTrackingStore
from .upstream_http import UpstreamLimits


def http_store(config: MlflowTracesConfig, limits: UpstreamLimits, uri: str) -> HttpTrackingStore:
    """Environment credentials only if `uri` is their origin; the URI's own user info always."""
    return HttpTrackingStore(
        uri,
        config.request_timeout,
        config.connect_timeout,
        config.max_response_bytes,
        limits,
        env_credentials=config.env_credentials_allowed(uri),
        secret_forms=config.secrets(),
    )


def make_store(config: MlflowTracesConfig, limits: UpstreamLimits):
    uri = config.resolved_tracking_uri()
    if is_http_uri(uri):
        return http_store(config, limits, uri)
    if scheme_of(uri) in ("databricks", "databricks-uc", "uc"):
        raise TrackingError(
            "not-configured",
            "Databricks tracking URIs are not supported by this server extension yet; "
            "set an http(s) MLflow tracking server",
            status=501,
        )
    return LocalTrackingStore(
        uri, secret_forms=config.secrets(), max_bytes=config.max_response_bytes
    )


def kernel_store(config: MlflowTracesConfig, requested: str, root_dir: str) -> KernelStore:
    """The store of `?store=`: checked against `kernel_stores`' rule on every call."""
    if len(requested) > MAX_URI_LENGTH or any(ord(c) < 32 or ord(c) == 127 for c in requested):
        raise bad_request("store is too long or has control characters")
    return KernelStore(
        requested,
        enabled=config.browse_kernel_stores,
        roots=config.kernel_store_roots or [root_dir],
        max_bytes=config.max_response_bytes,
        secret_forms=config.secrets(),
    )


def one_shot_store(config: MlflowTracesConfig, limits: UpstreamLimits, requested: str):
    """The store for `GET traces/<id>?tracking_uri=`: the configured one when the origin
    is its own, else an allow-listed server; anything else is refused before any request."""
    if len(requested) > MAX_URI_LENGTH or any(ord(c) < 32 or ord(c) == 127 for c in requested):
        raise bad_request("tracking_uri is too long or has control characters")
    origin = origin_of(requested)
    if origin is not None and origin == origin_of(config.resolved_tracking_uri()):
        return make_store(config, limits)
    entry = config.allowed_entry(origin) if origin else None
    if entry is None:
        shown = origin or strip_credentials(requested)[:200]
        raise TrackingError(
            "host-not-allowed",
            f"{shown} is not an allowed tracking server (MlflowTracesConfig.allowed_tracking_uris)",
            status=403,
        )
    return http_store(config, limits, entry)
