"""MLflow search filter strings built from validated request parameters.

Nothing a request sends is pasted into a filter as is: statuses come from a
fixed list, times are integers, and free text goes through `like_literal` /
`exact_literal`.

MLflow's filter parser (sqlparse tokens, then `SearchUtils._strip_quotes`)
has no escape sequences: a value is whatever lies between its quotes. So a
value holding `'` is written in double quotes, one holding `"` in single
quotes; in a LIKE pattern, a quote character that cannot be written and any
backslash (which would make sqlparse read an escaped quote) become `_`, the
LIKE wildcard for one character. `%` and `_` typed by the user stay
wildcards: MLflow has no LIKE escape either.

What works where was checked against real servers:
- MLflow 3.17, `POST /api/3.0/mlflow/traces/search`: `attributes.status =`,
  `attributes.timestamp_ms >`/`<`, `tags.\\`mlflow.traceName\\` ILIKE`, and
  `attributes.text ILIKE` (full text over span content, names included).
- MLflow 2.22, `GET /api/2.0/mlflow/traces`: status and time as above, but
  tags and names accept only `=` and `!=` (no LIKE/ILIKE, no `text`), so
  text search there is an exact trace-name match.
- Experiments (2.22 and 3.17): `name ILIKE`.
"""

from dataclasses import dataclass
from typing import Optional

TRACE_STATUSES = ("OK", "ERROR", "IN_PROGRESS")
MAX_TEXT_LENGTH = 200

#: How a trace search matched its `text` parameter; returned to the frontend.
TEXT_FULL = "full-text"
TEXT_EXACT_NAME = "exact-name"


class FilterError(ValueError):
    """A parameter that cannot be turned into a filter (answered with 400)."""


def like_literal(text: str) -> str:
    """`%text%` as a quoted MLflow string literal for LIKE / ILIKE."""
    value = "%" + text.replace("\\", "_") + "%"
    if "'" not in value:
        return f"'{value}'"
    if '"' not in value:
        return f'"{value}"'
    return "'" + value.replace("'", "_") + "'"


def exact_literal(text: str) -> str:
    """`text` as a quoted MLflow string literal for `=`."""
    if "\\" in text or ("'" in text and '"' in text):
        raise FilterError(
            "this MLflow server only matches exact trace names, and a name with a "
            "backslash or with both ' and \" cannot be written in its filter syntax"
        )
    return f'"{text}"' if "'" in text else f"'{text}'"


def clean_text(text: Optional[str], what: str = "search text") -> str:
    text = (text or "").strip()
    if len(text) > MAX_TEXT_LENGTH:
        raise FilterError(f"{what} is longer than {MAX_TEXT_LENGTH} characters")
    if any(ord(c) < 32 for c in text):
        raise FilterError(f"{what} must not contain control characters")
    return text


def experiment_name_filter(search: Optional[str]) -> Optional[str]:
    text = clean_text(search, "experiment search")
    return f"name ILIKE {like_literal(text)}" if text else None


@dataclass
class TraceQuery:
    """Validated trace-search parameters, independent of the MLflow version."""

    status: Optional[str] = None
    text: Optional[str] = None
    name: Optional[str] = None
    since_ms: Optional[int] = None
    until_ms: Optional[int] = None

    def __post_init__(self) -> None:
        if self.status is not None and self.status not in TRACE_STATUSES:
            raise FilterError(
                f"unsupported status {self.status!r}: use one of {', '.join(TRACE_STATUSES)}"
            )
        self.text = clean_text(self.text) or None
        self.name = clean_text(self.name, "trace name") or None

    def _common(self) -> list[str]:
        clauses = []
        if self.status:
            clauses.append(f"attributes.status = '{self.status}'")
        if self.since_ms is not None:
            clauses.append(f"attributes.timestamp_ms >= {int(self.since_ms)}")
        if self.until_ms is not None:
            clauses.append(f"attributes.timestamp_ms <= {int(self.until_ms)}")
        return clauses

    def v3_filter(self) -> Optional[str]:
        """For MLflow 3 `traces/search` (and MlflowClient 3.x)."""
        clauses = self._common()
        if self.name:
            clauses.append(f"tags.`mlflow.traceName` ILIKE {like_literal(self.name)}")
        if self.text:
            clauses.append(f"attributes.text ILIKE {like_literal(self.text)}")
        return " AND ".join(clauses) or None

    def v2_filter(self) -> Optional[str]:
        """For MLflow 2 `GET /api/2.0/mlflow/traces`: names match exactly."""
        clauses = self._common()
        names = {n for n in (self.name, self.text) if n}
        if len(names) > 1:
            raise FilterError(
                "this MLflow 2 server matches trace names exactly: give either name or text"
            )
        for name in names:
            clauses.append(f"tags.`mlflow.traceName` = {exact_literal(name)}")
        return " AND ".join(clauses) or None
