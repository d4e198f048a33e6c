"""The static HTML summary of the traces in an output, read from MLflow's entities.

For viewers without the extension (GitHub, nbviewer), a bundle's one ``text/html``
is an escaped table: name, status, duration, span count, trace id, and for an
http(s) tracking server a link to the trace's MLflow UI page. ``summary_of`` reads
them from MLflow's own ``Trace``/``TraceInfo`` entities (MLflow 3 attribute names,
MLflow 2's where 3's are absent), not from their JSON. Standard library only.
"""

from __future__ import annotations

import html
from typing import Any
from urllib.parse import quote, urlsplit

#: The tag holding the trace's name (MLflow 2 and 3).
TRACE_NAME_TAG = "mlflow.traceName"


def _first(entity: Any, *names: str) -> Any:
    """The first of ``names`` the entity has: MLflow 3's name, then MLflow 2's."""
    for name in names:
        value = getattr(entity, name, None)
        if value is not None:
            return value
    return None


def summary_of(trace: Any) -> dict[str, Any]:
    """Name, status, duration, span count and experiment of an ``mlflow.entities.Trace``.

    ``TraceInfo``: ``trace_id``/``request_id``, ``state``/``status`` (enums),
    ``execution_duration``/``execution_time_ms`` (whole milliseconds),
    ``experiment_id`` (MLflow 3 derives it from ``trace_location``).
    """
    info = trace.info
    spans = list(_first(getattr(trace, "data", None), "spans") or [])
    tags = _first(info, "tags") or {}
    name = tags.get(TRACE_NAME_TAG)
    if not name:
        root = next((s for s in spans if getattr(s, "parent_id", None) is None), None)
        name = getattr(root, "name", None)
    state = _first(info, "state", "status")
    duration = _first(info, "execution_duration", "execution_time_ms")
    experiment_id = _first(info, "experiment_id")
    return {
        "trace_id": str(_first(info, "trace_id", "request_id") or ""),
        "name": str(name or "trace"),
        "status": str(getattr(state, "value", state) or "UNKNOWN"),
        "duration_ms": duration if isinstance(duration, (int, float)) else None,
        "spans": len(spans),
        "experiment_id": str(experiment_id) if experiment_id else None,
    }


def _format_duration(ms: float | None) -> str:
    if ms is None:
        return "-"
    if ms < 1000:
        return f"{ms:.0f} ms"
    return f"{ms / 1000:.2f} s"


def mlflow_ui_link(ui_base: str, summary: dict[str, Any]) -> str | None:
    """The MLflow UI page of a trace (as the viewer's "Open in MLflow UI"), or None."""
    if not summary.get("experiment_id") or not summary.get("trace_id"):
        return None
    exp = quote(str(summary["experiment_id"]), safe="")
    trace_id = quote(str(summary["trace_id"]), safe="")
    return f"{ui_base.rstrip('/')}/#/experiments/{exp}?selectedTraceId={trace_id}"


def summary_html(
    summaries: list[dict[str, Any]], truncated: bool = False, ui_base: str | None = None
) -> str:
    """A static, escaped HTML table for viewers without the extension (GitHub, nbviewer).

    ``ui_base``: an http(s) tracking server, credentials stripped. Each trace then
    links to its MLflow UI page: a plain link, which works wherever the reader can
    reach that server, where MLflow's iframe would stay blank everywhere else.
    """
    esc = html.escape
    if ui_base and urlsplit(ui_base).scheme.lower() not in ("http", "https"):
        ui_base = None

    def link_cell(summary: dict[str, Any]) -> str:
        href = mlflow_ui_link(ui_base, summary) if ui_base else None
        return f'<td><a href="{esc(href)}">MLflow UI</a></td>' if href else "<td></td>"

    rows = "".join(
        "<tr>"
        f"<td>{esc(s['name'])}</td>"
        f"<td>{esc(s['status'])}</td>"
        f'<td style="text-align: right">{esc(_format_duration(s["duration_ms"]))}</td>'
        f'<td style="text-align: right">{int(s["spans"])}</td>'
        f"<td><code>{esc(str(s['trace_id']))}</code></td>"
        + (link_cell(s) if ui_base else "")
        + "</tr>"
        for s in summaries
    )
    count = len(summaries)
    note = " Some large values were shortened to keep the notebook small." if truncated else ""
    where = f" Tracking server: {esc(ui_base)}." if ui_base else ""
    return (
        '<div class="mlflow-trace-summary">'
        f"<p><strong>MLflow trace{'s' if count != 1 else ''}</strong> ({count}). "
        "The full trace is embedded in this output; open the notebook in JupyterLab with "
        f"jupyterlab-mlflow-traces to explore it.{where}{note}</p>"
        "<table><thead><tr><th>Trace</th><th>Status</th><th>Duration</th><th>Spans</th>"
        "<th>Trace id</th>"
        + ("<th>Open</th>" if ui_base else "")
        + f"</tr></thead><tbody>{rows}</tbody></table></div>"
    )
