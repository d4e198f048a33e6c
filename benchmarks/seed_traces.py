"""Seed one MLflow experiment with many traces, fast (the sidebar benchmark's data).

Two steps, both against a running MLflow tracking server and its database:

1. **Real traces through MLflow's own API.** The mlflow SDK, pointed at the server,
   runs a small traced agent ``--sample`` times (``@mlflow.trace``: an AGENT root with
   a RETRIEVER, a CHAT_MODEL span that reports token usage through MLflow's own
   ``mlflow.chat.tokenUsage`` attribute, and TOOL steps; every 10th run raises, so
   its trace is ERROR). MLflow writes the schema (its migrations, when the server
   started) and these rows itself.
2. **Bulk SQL copies of those rows for volume**, in one transaction, until the
   experiment holds ``--total`` traces. Copy n (1, 2, …) of sample trace t is:
   - ``trace_info``: t's row, verbatim, except ``request_id`` (``tr-`` + the first 24
     hex digits of t's id + n as 8 hex digits: unique) and ``timestamp_ms`` (t's time
     minus n × ``--spread-days`` / copies, so the copies spread back over that many days,
     in the sample's order);
   - ``trace_tags`` and ``trace_request_metadata``: t's rows, verbatim, with t's id
     replaced by the copy's in values that contain it (``mlflow.artifactLocation``).
   Spans are **not** copied (their JSON holds the OpenTelemetry trace id in base64):
   a copy lists like its original (name, status, previews, tokens, times) but opening
   it finds no spans. The sidebar's list reads only what is copied.

    python benchmarks/seed_traces.py --tracking-uri http://127.0.0.1:5000 \
        --db-uri postgresql://bench@127.0.0.1:5432/mlflow --total 100000 --sample 200

Prints the experiment id. A PostgreSQL ``--db-uri`` needs psycopg on the path
(``benchmarks/requirements-pg.txt``; sidebar.py puts it there).
"""

from __future__ import annotations

import argparse
import os
import sys
import time

EXPERIMENT = "sidebar-100k"

# n as 8 hex digits, per dialect (the rest of the SQL is common to both).
HEX8 = {
    "sqlite": "printf('%08x', k.n)",
    "postgresql": "lpad(to_hex(k.n), 8, '0')",
}


def log_sample(tracking_uri: str, sample: int) -> str:
    """`sample` real traces through the mlflow SDK; the experiment id."""
    import mlflow
    from mlflow.tracing.constant import SpanAttributeKey

    mlflow.set_tracking_uri(tracking_uri)
    experiment_id = mlflow.set_experiment(EXPERIMENT).experiment_id

    @mlflow.trace(span_type="RETRIEVER")
    def retrieve(question: str) -> list[dict]:
        return [{"page_content": f"passage {i} about {question}", "id": i} for i in range(3)]

    @mlflow.trace(span_type="CHAT_MODEL")
    def chat(messages: list[dict]) -> dict:
        span = mlflow.get_current_active_span()
        words = sum(len(m["content"].split()) for m in messages)
        span.set_attribute(
            SpanAttributeKey.CHAT_USAGE,
            {"input_tokens": words * 3, "output_tokens": 42, "total_tokens": words * 3 + 42},
        )
        return {"role": "assistant", "content": "an answer of forty-two tokens " * 3}

    @mlflow.trace(span_type="TOOL")
    def tool(step: int) -> dict:
        return {"step": step, "result": f"result of step {step}"}

    def make_agent(name: str):
        @mlflow.trace(name=name, span_type="AGENT")
        def agent(question: str, steps: int, fail: bool) -> str:
            docs = retrieve(question)
            reply = chat(
                [
                    {"role": "system", "content": "Answer from the passages."},
                    {"role": "user", "content": question + " " + docs[0]["page_content"]},
                ]
            )
            for step in range(steps):
                tool(step)
            if fail:
                raise RuntimeError(f"the agent gave up on {question!r}")
            return reply["content"]

        return agent

    agents = [make_agent(name) for name in ("answer_question", "summarize", "plan_trip")]
    for i in range(sample):
        question = f"question {i}: " + "how do I page through many traces? " * (1 + i % 5)
        try:
            agents[i % len(agents)](question, steps=1 + i % 4, fail=i % 10 == 9)
        except RuntimeError:
            pass
    mlflow.flush_trace_async_logging()
    return experiment_id


def wait_for(engine, experiment_id: str, count: int, timeout: float = 120) -> None:
    """MLflow exports asynchronously: wait until every sample trace is a finished row."""
    from sqlalchemy import text

    query = text(
        "SELECT count(*) FROM trace_info WHERE experiment_id = :e AND status != 'IN_PROGRESS'"
    )
    deadline = time.time() + timeout
    while True:
        with engine.connect() as conn:
            found = conn.execute(query, {"e": int(experiment_id)}).scalar()
        if found >= count:
            return
        if time.time() > deadline:
            raise RuntimeError(f"only {found} of {count} sample traces were stored")
        time.sleep(0.5)


def copy_rows(engine, experiment_id: str, total: int, spread_days: float) -> int:
    """Copy the experiment's traces (step 2 of the module's text) up to `total`; the count."""
    from sqlalchemy import text

    hex8 = HEX8[engine.dialect.name]
    with engine.begin() as conn:
        sample = conn.execute(
            text("SELECT count(*) FROM trace_info WHERE experiment_id = :e"),
            {"e": int(experiment_id)},
        ).scalar()
        copies = -(-total // sample) - 1  # so that sample * (copies + 1) >= total
        step_ms = int(spread_days * 86_400_000 / max(copies, 1))
        # Copy numbers 1..copies; the originals are copy 0.
        numbers = (
            "WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < :copies)"
        )
        new_id = f"'tr-' || substr(t.request_id, 4, 24) || {hex8}"
        params = {"e": int(experiment_id), "copies": copies, "step": step_ms}
        conn.execute(
            text(
                "CREATE TEMPORARY TABLE originals AS "
                "SELECT request_id FROM trace_info WHERE experiment_id = :e"
            ),
            params,
        )
        conn.execute(
            text(
                f"""{numbers}
                INSERT INTO trace_info (request_id, experiment_id, timestamp_ms,
                    execution_time_ms, status, client_request_id, request_preview,
                    response_preview, db_payload_generation, trace_name, session_id,
                    input_tokens, output_tokens, total_tokens, cache_read_input_tokens,
                    cache_creation_input_tokens, cache_creation_input_tokens_above_1hr,
                    input_cost, output_cost, total_cost)
                SELECT {new_id}, t.experiment_id, t.timestamp_ms - k.n * CAST(:step AS BIGINT),
                    t.execution_time_ms, t.status, t.client_request_id, t.request_preview,
                    t.response_preview, t.db_payload_generation, t.trace_name, t.session_id,
                    t.input_tokens, t.output_tokens, t.total_tokens, t.cache_read_input_tokens,
                    t.cache_creation_input_tokens, t.cache_creation_input_tokens_above_1hr,
                    t.input_cost, t.output_cost, t.total_cost
                FROM trace_info t JOIN originals o ON o.request_id = t.request_id CROSS JOIN k"""
            ),
            params,
        )
        for table in ("trace_tags", "trace_request_metadata"):
            conn.execute(
                text(
                    f"""{numbers}
                    INSERT INTO {table} ("key", value, request_id)
                    SELECT g."key", replace(g.value, t.request_id, {new_id}), {new_id}
                    FROM {table} g JOIN originals t ON t.request_id = g.request_id
                    CROSS JOIN k"""
                ),
                params,
            )
        return conn.execute(
            text("SELECT count(*) FROM trace_info WHERE experiment_id = :e"), params
        ).scalar()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tracking-uri", required=True)
    parser.add_argument("--db-uri", required=True, help="the server's backend store URI")
    parser.add_argument("--total", type=int, default=100_000)
    parser.add_argument("--sample", type=int, default=200)
    parser.add_argument("--spread-days", type=float, default=30.0)
    args = parser.parse_args()

    from sqlalchemy import create_engine

    started = time.perf_counter()
    experiment_id = log_sample(args.tracking_uri, args.sample)
    engine = create_engine(args.db_uri)
    wait_for(engine, experiment_id, args.sample)
    logged = time.perf_counter()
    count = copy_rows(engine, experiment_id, args.total, args.spread_days)
    engine.dispose()
    print(
        f"seeded experiment {experiment_id}: {args.sample} traces through MLflow's API in "
        f"{logged - started:.0f} s, {count:,} in all after bulk SQL copies "
        f"({time.perf_counter() - logged:.0f} s)",
        file=sys.stderr,
    )
    print(experiment_id)


if __name__ == "__main__":
    os.environ.setdefault("MLFLOW_ENABLE_ASYNC_TRACE_LOGGING", "true")
    main()
