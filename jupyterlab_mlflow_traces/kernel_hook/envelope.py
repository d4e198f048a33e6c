"""The embedded envelope: what the hook puts in a notebook output.

``build_envelope`` turns the traces MLflow displays (``Trace.to_json()``, parsed)
into the ``application/vnd.mlflow.trace+json`` envelope (schema ``Envelope`` in
contract/openapi.json; read by src/model). It decides what fits before building: whole traces, then
the largest values replaced by markers (the size cap), then structure-first (every
span's tree position and times, no values). Standard library only.
"""

from __future__ import annotations

import json
from typing import Any

from .uris import shown_uri

#: Envelope version 2: integers beyond 2**53 - 1 are written as decimal strings
#: (see ``big_ints_as_strings``). Version 1 wrote them as JSON numbers, which the
#: browser rounds (``JSON.parse``) and JupyterLab then saves rounded.
ENVELOPE_VERSION = 2
#: Largest integer a JavaScript number (IEEE double) holds exactly.
MAX_SAFE_INTEGER = 2**53 - 1
#: Key of the marker that replaces oversized values.
TRUNCATION_KEY = "mlflow_traces_truncated"
#: Values smaller than this are never replaced by a marker.
_MIN_TRUNCATE_BYTES = 512
_PREVIEW_CHARS = 200


def _json_size(value: Any) -> int:
    return len(json.dumps(value, ensure_ascii=False, default=str).encode("utf-8"))


def big_ints_as_strings(value: Any) -> Any:
    """A copy of a JSON value where every integer whose magnitude exceeds 2**53 - 1 is a
    decimal string; everything else is kept as it is (same type, same order).

    This is envelope version 2's only encoding. Nanosecond timestamps
    (``start_time_unix_nano``, ``end_time_unix_nano``, event ``time_unix_nano``, MLflow 2's
    ``start_time``/``end_time``/``timestamp``) are about 1.7e18: a browser's ``JSON.parse``
    rounds them to the nearest double (256 ns steps), and JupyterLab saves the rounded
    number. As strings they stay exact; OpenTelemetry's proto JSON spells int64 the same
    way, and the viewer reads both. Iterative, so deep values cannot exhaust the stack.
    """

    def convert(item: Any) -> Any:
        if isinstance(item, int) and not isinstance(item, bool) and abs(item) > MAX_SAFE_INTEGER:
            return str(item)
        return item

    root = [value]
    stack: list[Any] = [root]
    while stack:
        container = stack.pop()
        keys = container.keys() if isinstance(container, dict) else range(len(container))
        for key in keys:
            item = container[key]
            if isinstance(item, dict):
                item = dict(item)
                stack.append(item)
            elif isinstance(item, (list, tuple)):
                item = list(item)
                stack.append(item)
            else:
                item = convert(item)
            container[key] = item
    return root[0]


def parse_trace_json(texts: list[str]) -> tuple[list[dict], int]:
    """MLflow's JSON of the traces (``Trace.to_json()``), parsed with integers beyond
    2**53 - 1 as decimal strings (``big_ints_as_strings`` while parsing, with no walk
    over the result), and a bound of the bytes the parsed traces take as JSON.

    The bound needs no second serialization: MLflow's text is ASCII (non-ASCII
    escaped, never shorter than its UTF-8), plus two quotes per converted integer.
    """
    converted = 0

    def parse_int(digits: str) -> Any:
        nonlocal converted
        value = int(digits)
        if abs(value) > MAX_SAFE_INTEGER:
            converted += 1
            return str(value)
        return value

    traces = [json.loads(text, parse_int=parse_int) for text in texts]
    return traces, sum(len(text.encode("utf-8")) for text in texts) + 2 * converted


def _trace_info(trace: dict) -> dict:
    info = trace.get("info") if isinstance(trace, dict) else None
    return info if isinstance(info, dict) else {}


def _trace_spans(trace: dict) -> list:
    data = trace.get("data") if isinstance(trace, dict) else None
    spans = data.get("spans") if isinstance(data, dict) else None
    return spans if isinstance(spans, list) else []


def _marker(value: Any, size: int) -> Any:
    marker: dict[str, Any] = {TRUNCATION_KEY: True, "original_size": size}
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    marker["preview"] = text[:_PREVIEW_CHARS]
    # MLflow stores attribute and metadata values as (JSON) strings: keep that type.
    return json.dumps(marker, ensure_ascii=False) if isinstance(value, str) else marker


def _truncatable(traces: list[dict]):
    """(container, key) of every value the size cap may replace; ids, names, times never."""
    for trace in traces:
        info = _trace_info(trace)
        for key in ("trace_metadata", "request_metadata", "tags"):
            if isinstance(info.get(key), dict):
                for k in list(info[key]):
                    yield info[key], k
        for key in ("request_preview", "response_preview"):
            if key in info:
                yield info, key
        data = trace.get("data") if isinstance(trace, dict) else None
        if isinstance(data, dict):
            for key in ("request", "response"):
                if key in data:
                    yield data, key
        for span in _trace_spans(trace):
            if not isinstance(span, dict):
                continue
            attrs = span.get("attributes")
            if isinstance(attrs, dict):
                for k in list(attrs):
                    yield attrs, k
            for key in ("inputs", "outputs"):
                if key in span:
                    yield span, key
            events = span.get("events")
            if isinstance(events, list):
                for event in events:
                    if isinstance(event, dict) and isinstance(event.get("attributes"), dict):
                        for k in list(event["attributes"]):
                            yield event["attributes"], k


def _value_size(value: Any) -> int:
    """Bytes of ``value``'s JSON; short strings are bounded without serializing them."""
    if isinstance(value, str) and len(value) * 6 + 2 < _MIN_TRUNCATE_BYTES:
        return len(value) + 2  # below any cut: an estimate is enough
    return _json_size(value)


def apply_size_cap(envelope: dict, max_bytes: int, size: int | None = None) -> bool:
    """Replace the largest values by markers until the envelope fits; False if it cannot
    (then every value is put back: the traces may be the caller's, tried next as structure).

    ``size``: at least the envelope's size, when the caller knows it: the envelope is
    only serialized to measure it when that bound does not fit.
    """
    if size is None or size > max_bytes:
        size = _json_size(envelope)
    if size <= max_bytes:
        return True
    candidates = []
    for container, key in _truncatable(envelope["traces"]):
        value_size = _value_size(container[key])
        if value_size >= _MIN_TRUNCATE_BYTES:
            candidates.append((value_size, container, key))
    candidates.sort(key=lambda c: c[0], reverse=True)
    replaced = []
    for value_size, container, key in candidates:
        if size <= max_bytes:
            break
        marker = _marker(container[key], value_size)
        replaced.append((container, key, container[key]))
        container[key] = marker
        size -= value_size - _json_size(marker)
        envelope["truncated"] = True
    if envelope.get("truncated"):
        size = _json_size(envelope)  # exact, after the flag was added
    if size <= max_bytes:
        return True
    for container, key, original in replaced:
        container[key] = original
    return False


#: Bytes one span takes at least in a structure (its id, parent, indexes, two offsets):
#: measured ~40-50 with MLflow 3 ids, so ~20,000 spans fit the default 1 MB cap.
_MIN_STRUCTURE_SPAN_BYTES = 30
#: Bytes one span takes at least in MLflow's own JSON without its values (ids, name,
#: times, status, type): measured ~350 with MLflow 3.17; a lower bound.
_MIN_SPAN_BYTES = 250
#: Span attribute that carries the span type (a JSON string).
_SPAN_TYPE_KEY = "mlflow.spanType"


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def span_structure(spans: list) -> dict[str, Any]:
    """A trace's tree without its values (``data.structure``, read by src/model/truncation.ts).

    ``start`` is the earliest start (nanoseconds, a decimal string); each span is
    ``[span_id, parent index (-1: none in this trace), name index, type index,
    status index, start offset ns, duration ns]`` with ``names``/``types``/``statuses``
    as lookup tables. Types are MLflow's ``mlflow.spanType`` attribute values as stored.
    MLflow 3 (``span_id``, ``start_time_unix_nano``, ``status.code``) and MLflow 2
    (``context.span_id``, ``parent_id``, ``start_time``, ``status_code``) spans.
    """
    rows = []
    for span in spans:
        if not isinstance(span, dict):
            continue
        context = span.get("context") if isinstance(span.get("context"), dict) else {}
        status = span.get("status")
        code = status.get("code") if isinstance(status, dict) else None
        attrs = span.get("attributes") if isinstance(span.get("attributes"), dict) else {}
        rows.append(
            (
                span.get("span_id") or context.get("span_id"),
                span.get("parent_span_id") or span.get("parent_id"),
                str(span.get("name") or ""),
                attrs.get(_SPAN_TYPE_KEY),
                code if code is not None else span.get("status_code"),
                _int_or_none(span.get("start_time_unix_nano", span.get("start_time"))),
                _int_or_none(span.get("end_time_unix_nano", span.get("end_time"))),
            )
        )
    starts = [row[5] for row in rows if row[5] is not None]
    base = min(starts) if starts else 0
    index = {row[0]: i for i, row in enumerate(rows) if row[0]}
    tables: dict[str, dict[Any, int]] = {"names": {}, "types": {}, "statuses": {}}

    def ref(table: str, value: Any) -> int:
        return tables[table].setdefault(value, len(tables[table]))

    out = []
    for span_id, parent, name, kind, status, start, end in rows:
        offset = start - base if start is not None else 0
        duration = end - start if start is not None and end is not None else 0
        out.append(
            [
                span_id,
                index.get(parent, -1) if parent else -1,
                ref("names", name),
                ref("types", kind),
                ref("statuses", status),
                offset,
                duration,
            ]
        )
    return {"start": str(base), "spans": out, **{k: list(v) for k, v in tables.items()}}


def _structure_only(trace: dict) -> dict:
    """``trace`` with its spans as a structure (times, names, types, status, parents)."""
    data = trace.get("data") if isinstance(trace.get("data"), dict) else {}
    result = dict(trace)
    result["data"] = {k: v for k, v in data.items() if k != "spans"}
    result["data"]["spans"] = []  # older viewers: a trace without spans, not an error
    result["data"]["structure"] = span_structure(_trace_spans(trace))
    return result


def build_envelope(
    trace_dicts: list[dict],
    tracking_uri: str | None,
    max_bytes: int,
    json_size: int | None = None,
    experiment_ids: list[str | None] = (),
    parsed: bool = False,
) -> dict | None:
    """The envelope (contract/openapi.json ``Envelope``) of ``trace_dicts`` (each
    ``Trace.to_json()``, parsed), logged to ``experiment_ids`` (read from MLflow's
    ``TraceInfo`` entities by ``summary.summary_of``).

    Decided cheaply first, from ``json_size`` (the bytes of MLflow's own JSON of the
    traces) when given: what fits is embedded whole; else the largest values become
    markers, if that can fit; else each trace's structure (every span's name, type,
    status, times and parent) with its info, values cut as markers. The envelope is
    None when even the structure exceeds ``max_bytes``.

    ``parsed``: ``trace_dicts`` and ``json_size`` come from ``parse_trace_json`` (big
    integers already strings, ``json_size`` a bound): an envelope that fits by that
    bound is never serialized here.
    """
    span_count = sum(len(_trace_spans(t)) for t in trace_dicts)
    if span_count * _MIN_STRUCTURE_SPAN_BYTES > max_bytes:
        return None  # not even the bare tree fits: build nothing
    envelope: dict[str, Any] = {"version": ENVELOPE_VERSION, "traces": []}
    uri = shown_uri(tracking_uri)
    if uri:
        envelope["tracking_uri"] = uri
    experiments = list(dict.fromkeys(str(e) for e in experiment_ids if e))
    if experiments:
        envelope["experiment_ids"] = experiments
    if json_size is None:
        size = None
    elif parsed:
        # The traces' bound, the envelope around them, and ", " between traces.
        size = json_size + _json_size(envelope) + 2 * len(trace_dicts)
    else:
        # Every span has two nanosecond times, each two quotes longer as strings.
        size = json_size + 4 * span_count + 200
    # Markers can only cut values: spans kept whole need their ids, names, times.
    if size is None or size <= max_bytes or span_count * _MIN_SPAN_BYTES < max_bytes:
        # Before the size cap, so that it measures what is saved.
        envelope["traces"] = trace_dicts if parsed else big_ints_as_strings(trace_dicts)
        if apply_size_cap(envelope, max_bytes, size if parsed else None):
            return envelope
        envelope.pop("truncated", None)
    # Too large even shortened: the structure, and only then the values' markers.
    structures = [_structure_only(t) for t in trace_dicts]
    envelope["traces"] = structures if parsed else big_ints_as_strings(structures)
    envelope["structure"] = True
    envelope["truncated"] = True
    if not apply_size_cap(envelope, max_bytes):
        return None
    return envelope
