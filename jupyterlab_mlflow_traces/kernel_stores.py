"""The local tracking store a notebook kernel reports, read for the sidebar.

Since MLflow 3.7 a kernel that sets no tracking URI logs to `sqlite:///mlflow.db`
in its working directory; the kernel hook reports that store as an absolute URI.
The sidebar may then ask for it with `?store=<uri>` on the read endpoints. The
rule that keeps this safe (each step refuses with a specific message):

1. `MlflowTracesConfig.browse_kernel_stores` is on (the default).
2. Only local stores: `sqlite:////abs/file.db`, `file:///abs/dir`, `/abs/dir`.
   Never a network URI (http(s), postgresql, mysql, mssql, databricks...): the
   Jupyter server contacts only the hosts its configuration names.
3. An absolute path, no query string (a kernel's working directory is unknown here).
4. Resolved with realpath (symlinks and `..` gone), it lies inside one of
   `kernel_store_roots` (default: the Jupyter server's root_dir).
5. It exists on the Jupyter server's machine (a remote kernel's path may not).
6. Reading it writes nothing: a sqlite file must already hold MLflow's tables at
   the schema revision of the Jupyter server's mlflow (MlflowClient would create
   or migrate them otherwise, breaking the kernel's own MLflow), and a file store
   must already have its `.trash` folder (FileStore would create it).

Nothing is remembered: each request names its store, so the configured connection
stays as it is for every other request and every other browser tab.
"""

import os
import sqlite3
from collections.abc import Sequence
from typing import Optional
from urllib.parse import quote, unquote, urlsplit

from .credentials import OTHER_SCHEMES, scheme_of, strip_credentials
from .errors import TrackingError
from .tracking_local import LocalTrackingStore

#: Request parameter naming a kernel's store.
STORE_PARAM = "store"


def refused(message: str) -> TrackingError:
    return TrackingError("store-not-allowed", message, status=403)


def _shown(uri: str) -> str:
    shown = strip_credentials(uri)
    return shown[:300] + ("…" if len(shown) > 300 else "")


def store_path(uri: str) -> tuple[str, str]:
    """(`sqlite` or `file`, the absolute path) of a local store URI, or a TrackingError."""
    scheme = scheme_of(uri)
    shown = _shown(uri)
    if scheme == "sqlite":
        parts = urlsplit(uri)
        if parts.query or parts.fragment or parts.netloc:
            raise TrackingError(
                "bad-request",
                f"{shown}: only sqlite:////absolute/path.db is read (no host, no query string)",
                status=400,
            )
        # sqlite:///relative.db -> "/relative.db", sqlite:////abs.db -> "//abs.db".
        path = unquote(parts.path).removeprefix("/")
        kind = "sqlite"
    elif scheme == "file":
        parts = urlsplit(uri)
        if parts.netloc not in ("", "localhost") or parts.query or parts.fragment:
            raise refused(f"{shown}: only file:///absolute/path on this machine is read")
        path = unquote(parts.path)
        kind = "file"
    elif scheme == "" and uri.lower() not in OTHER_SCHEMES:
        path = uri
        kind = "file"
    else:
        raise refused(
            f"{shown} is not a local store: the Jupyter server reads only local stores "
            "(sqlite, file) a kernel reports; other tracking servers come from its "
            "configuration (MlflowTracesConfig.tracking_uri, allowed_tracking_uris)"
        )
    if not os.path.isabs(path):
        raise TrackingError(
            "bad-request",
            f"{shown}: a path relative to the kernel's working directory, which the "
            "Jupyter server does not know; an absolute path is needed",
            status=400,
        )
    return kind, path


def _inside(path: str, root: str) -> bool:
    try:
        return os.path.commonpath([path, root]) == root
    except ValueError:  # different drives
        return False


def _sqlite_problem(path: str, mlflow) -> Optional[str]:
    """Why MlflowClient would write to this sqlite file, or None."""
    try:
        db = sqlite3.connect(f"file:{quote(path)}?mode=ro", uri=True)
        try:
            tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
            if not {"alembic_version", "experiments"} <= tables:
                return "it is not an MLflow tracking database"
            revision = db.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            db.close()
    except sqlite3.Error as err:
        return f"it cannot be read as a sqlite database ({type(err).__name__})"
    try:
        from mlflow.store.db.utils import _get_latest_schema_revision

        head = _get_latest_schema_revision()
    except Exception:  # mlflow moved it: MlflowClient's own check still refuses
        return None
    found = revision[0] if revision else None
    if found != head:
        return (
            f"its schema (revision {found}) is not the one of the Jupyter server's "
            f"mlflow {mlflow.__version__} ({head}): the kernel runs another MLflow "
            "version, and the Jupyter server never migrates a store"
        )
    return None


def _file_store_problem(path: str, mlflow) -> Optional[str]:
    if not os.path.isdir(os.path.join(path, ".trash")):
        return "it is not an MLflow file store (no .trash folder)"
    import mlflow.environment_variables as variables

    allow = getattr(variables, "MLFLOW_ALLOW_FILE_STORE", None)  # MLflow 3.x only
    if allow is not None and not allow.get():
        return (
            f"the Jupyter server's mlflow {mlflow.__version__} reads file stores only with "
            "MLFLOW_ALLOW_FILE_STORE=true in its environment"
        )
    return None


def check_kernel_store(uri: str, enabled: bool, roots: Sequence[str]) -> str:
    """The store URI to read (realpath), after the rule above; blocking (file system)."""
    if not enabled:
        raise refused(
            "reading a notebook kernel's tracking store is turned off by the server "
            "configuration (MlflowTracesConfig.browse_kernel_stores)"
        )
    kind, path = store_path(uri)
    shown = _shown(uri)
    real = os.path.realpath(path)
    real_roots = [os.path.realpath(os.path.expanduser(r)) for r in roots if r]
    if not any(_inside(real, root) for root in real_roots):
        raise refused(
            f"{shown}: {real} is outside the folders the Jupyter server reads kernel "
            f"stores from ({', '.join(real_roots) or 'none'}; "
            "MlflowTracesConfig.kernel_store_roots)"
        )
    if not os.path.exists(real):
        raise TrackingError(
            "not-found",
            f"{shown}: {path} does not exist on the Jupyter server's machine (a remote "
            "kernel's files are not here; the Jupyter server never creates a store)",
            status=404,
        )
    wanted = os.path.isfile if kind == "sqlite" else os.path.isdir
    if not wanted(real):
        what = "a file" if kind == "sqlite" else "a folder"
        raise TrackingError("bad-request", f"{shown}: {real} is not {what}", status=400)
    try:
        import mlflow
    except ImportError:
        return _resolved_uri(kind, real)  # LocalTrackingStore says what to install
    problem = (_sqlite_problem if kind == "sqlite" else _file_store_problem)(real, mlflow)
    if problem:
        raise refused(f"{shown}: not read, because {problem}")
    return _resolved_uri(kind, real)


def _resolved_uri(kind: str, real: str) -> str:
    return f"sqlite:///{real}" if kind == "sqlite" else real


class KernelStore(LocalTrackingStore):
    """A LocalTrackingStore whose URI passes `check_kernel_store` before every call,
    in the worker thread (the checks touch the file system)."""

    def __init__(
        self,
        uri: str,
        enabled: bool,
        roots: Sequence[str],
        max_bytes: int,
        secret_forms: Sequence[str] = (),
    ):
        super().__init__(uri, secret_forms=secret_forms, max_bytes=max_bytes)
        self._enabled = enabled
        self._roots = tuple(roots)

    def _client_uri(self) -> str:
        return check_kernel_store(self.uri, self._enabled, self._roots)
