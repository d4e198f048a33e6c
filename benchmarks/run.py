"""Run every benchmark suite, print one table and write benchmarks/RESULTS.md.

    python benchmarks/run.py [--runs 3] [--suites viewer kernel ...]
    python benchmarks/run.py --smoke        # smallest sizes, one run, output in a temp dir
    python benchmarks/run.py --out DIR/     # RESULTS.md and results.json in DIR (made if missing)

Each suite is a script under benchmarks/ with the CLI of benchmarks/README.md
(``--smoke``, ``--runs N``, ``--json OUT``). This runs each in turn (one at a time: they
start their own servers and browser), then renders medians, minimums and maximums with
the machine and versions. RESULTS.md keeps its hand-written history (everything after
the HISTORY marker) below the generated sections. ``--smoke`` writes nothing in the tree
and fails when a suite that exists fails or produces no rows.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "RESULTS.md"
HISTORY = "<!-- HISTORY: hand-written measurements below are kept by benchmarks/run.py -->"

# (id, script, what it covers); order: cheap first.
SUITES = [
    ("startup", "startup.py", "start-up bytes, entry vs lazy"),
    ("kernel", "hook_cost.py", "kernel hook against mlflow alone"),
    ("viewer", "viewer.py", "viewer against MLflow's iframe, and at scale"),
    ("notebooks", "notebook_outputs.py", "notebooks with many traces"),
    ("sidebar", "sidebar.py", "sidebar against direct REST, PostgreSQL"),
]


def ensure_environment(argv: list[str]) -> None:
    """Run under the project's .venv (made by scripts/setup-env.sh when missing)."""
    venv_python = ROOT / ".venv" / "bin" / "python"
    if not venv_python.exists():
        print("[run] no .venv: running scripts/setup-env.sh", flush=True)
        subprocess.run(["bash", str(ROOT / "scripts" / "setup-env.sh")], check=True)
    if Path(sys.prefix).resolve() != (ROOT / ".venv").resolve():
        os.execv(str(venv_python), [str(venv_python), __file__, *argv])
    if not (ROOT / "ui-tests" / "node_modules" / "playwright").exists():
        print("[run] ui-tests: npm install (Playwright)", flush=True)
        subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=ROOT / "ui-tests",
            env={**os.environ, "PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD": "1"},
            check=True,
        )
    if not Path("/usr/bin/chromium").exists():
        sys.exit("[run] Debian's chromium is needed: apt-get install -y chromium")


def run_suite(suite: str, script: Path, out: Path, smoke: bool, runs: int, logs: Path) -> dict:
    """One suite's script; returns {"suites": [...]} or {"error": ...}."""
    cmd = [sys.executable, str(script), "--json", str(out)]
    cmd += ["--smoke"] if smoke else ["--runs", str(runs)]
    log = logs / f"{suite}.log"
    start = time.time()
    with open(log, "w") as f:
        proc = subprocess.run(cmd, cwd=ROOT, stdout=f, stderr=subprocess.STDOUT)
    took = time.time() - start
    if proc.returncode != 0 or not out.exists():
        tail = log.read_text(errors="replace").strip().splitlines()[-15:]
        return {"error": f"exit {proc.returncode} after {took:.0f} s", "tail": tail, "took": took}
    data = json.loads(out.read_text())
    # A script writes one suite, or a list of them (viewer.py: viewer and scale).
    return {"suites": data if isinstance(data, list) else [data], "took": took}


def med(values):
    return statistics.median(values) if values else None


def fmt(value, unit: str) -> str:
    if value is None:
        return "—"
    if unit in ("ms", "kB", "nodes"):
        return f"{value:,.0f}" if abs(value) >= 10 else f"{value:,.1f}"
    return f"{value:,.2f}"


def spread(values, unit: str) -> str:
    if not values:
        return "—"
    if len(values) == 1:
        return f"{fmt(values[0], unit)} {unit}"
    return f"{fmt(med(values), unit)} {unit} ({fmt(min(values), unit)}–{fmt(max(values), unit)})"


def ratio(r: dict) -> str:
    ours, base = med(r["ours"]), med(r.get("baseline"))
    if ours is None or not base:
        return "—"
    return f"{ours / base:.2f}×"


def met_text(r: dict) -> str:
    return {True: "yes", False: "**no**", None: "—"}[r.get("met")]


def print_table(suites: list[dict]) -> None:
    header = ["metric", "size", "ours median", "baseline median", "ratio", "target", "met"]
    lines = []
    for s in suites:
        for r in s["rows"]:
            u = r["unit"]
            base = med(r.get("baseline"))
            lines.append(
                [
                    f"[{s['suite']}] {r['metric']}",
                    r["size"],
                    f"{fmt(med(r['ours']), u)} {u}",
                    f"{fmt(base, u)} {u}" if base is not None else "—",
                    ratio(r),
                    r.get("target") or "—",
                    {True: "yes", False: "NO", None: "—"}[r.get("met")],
                ]
            )
    widths = [max(len(str(x)) for x in col) for col in zip(header, *lines)]
    widths[0] = min(widths[0], 70)
    for line in [header, *lines]:
        print("  ".join(str(x)[:w].ljust(w) for x, w in zip(line, widths)))


def markdown(suites: list[dict], problems: list[str], machine: dict, runs: int, load_end) -> str:
    versions: dict = {}
    for s in suites:
        versions.update(s.get("versions") or {})
    when = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    out = [
        "# Results",
        "",
        f"Produced by `python benchmarks/run.py` (median, minimum–maximum of {runs} run(s)"
        " unless a suite says otherwise) on "
        f"{when}. Machine: {machine['cpu']}, {machine['cores']} cores, {machine['ram_gb']} GB"
        f" RAM, {machine['os']}; load average (1, 5, 15 min) {machine['load']} at the start,"
        f" {load_end} at the end. Versions: "
        + ", ".join(f"{k} {v}" for k, v in sorted(versions.items()))
        + ". Timings depend on the load: compare figures of one run only.",
        "",
    ]
    for p in problems:
        out += [f"- {p}"]
    if problems:
        out.append("")
    for s in suites:
        out += [f"## {s['title']}", "", s["method"], ""]
        out += [
            "| metric | size | ours | baseline | ratio | target | met | note |",
            "| --- | --- | ---: | ---: | ---: | --- | --- | --- |",
        ]
        for r in s["rows"]:
            u = r["unit"]
            base = spread(r.get("baseline"), u)
            if r.get("baseline"):
                base += f" ({r.get('baseline_label')})"
            out.append(
                f"| {r['metric']} | {r['size']} | {spread(r['ours'], u)} | {base} |"
                f" {ratio(r)} | {r.get('target') or '—'} | {met_text(r)} | {r.get('note') or ''} |"
            )
        out.append("")
    return "\n".join(out)


def out_paths(out: str | None, default: Path) -> tuple[Path, Path]:
    """Where the markdown and the suites' JSON go. ``--out`` names a file, or a directory
    (one that exists, or a path ending in /): then RESULTS.md and results.json in it."""
    if out is None:
        target = default
    elif Path(out).is_dir() or out.endswith(os.sep):  # Path() drops a trailing /
        Path(out).mkdir(parents=True, exist_ok=True)
        target = Path(out) / "RESULTS.md"
    else:
        target = Path(out)
        target.parent.mkdir(parents=True, exist_ok=True)
    return target, target.with_name(
        "results.json" if target.name == "RESULTS.md" else target.stem + ".json"
    )


def history() -> str:
    """RESULTS.md's hand-written part: after the marker, or all of a file without one."""
    if not RESULTS.exists():
        return ""
    text = RESULTS.read_text()
    if HISTORY in text:
        return text.split(HISTORY, 1)[1].lstrip("\n")
    return text


def main() -> None:
    ensure_environment(sys.argv[1:])
    sys.path.insert(0, str(HERE))
    from lib import machine as machine_info

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--smoke", action="store_true", help="smallest sizes, one run, temp dir")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--suites", nargs="+", choices=[s[0] for s in SUITES])
    parser.add_argument(
        "--suite-runs",
        nargs="+",
        default=[],
        metavar="SUITE=N",
        help="runs for some suites, e.g. viewer=1 (the slowest)",
    )
    parser.add_argument(
        "--out",
        help="a file for the markdown (its JSON beside it), or a directory for RESULTS.md and"
        " results.json (default: benchmarks/RESULTS.md)",
    )
    args = parser.parse_args()
    chosen = [s for s in SUITES if not args.suites or s[0] in args.suites]
    work = Path(tempfile.mkdtemp(prefix="bench-run-"))
    target, target_json = out_paths(args.out, work / "RESULTS.md" if args.smoke else RESULTS)
    machine = machine_info()
    suites, problems, failed = [], [], []
    for suite, name, what in SUITES:
        if (suite, name, what) not in chosen:
            problems.append(f"{suite} ({what}): not run in this pass (--suites)")
    for suite, name, what in chosen:
        script = HERE / name
        if not script.exists():
            problems.append(f"{suite} ({what}): not yet available (no benchmarks/{name})")
            print(f"[run] {suite}: not yet available (no benchmarks/{name})", flush=True)
            continue
        print(f"[run] {suite}: {what} ...", flush=True)
        runs = dict(x.split("=", 1) for x in args.suite_runs).get(suite, args.runs)
        result = run_suite(suite, script, work / f"{suite}.json", args.smoke, int(runs), work)
        if "error" in result:
            failed.append(suite)
            problems.append(f"{suite} ({what}): failed, {result['error']}; log: {work}/{suite}.log")
            print(f"[run] {suite}: FAILED ({result['error']})", flush=True)
            print("\n".join("    " + line for line in result["tail"]), flush=True)
            continue
        for s in result["suites"]:
            if not s.get("rows"):
                failed.append(suite)
                problems.append(f"{s.get('suite', suite)}: no rows")
        suites += result["suites"]
        print(
            f"[run] {suite}: {sum(len(s['rows']) for s in result['suites'])} rows"
            f" in {result['took']:.0f} s",
            flush=True,
        )
    load_end = [round(x, 2) for x in os.getloadavg()]
    # The figures first, so a failure below never loses a pass.
    if target != RESULTS:
        target_json.write_text(
            json.dumps(
                {"machine": machine, "load_end": load_end, "problems": problems, "suites": suites},
                indent=1,
                ensure_ascii=False,
            )
        )
    print()
    print_table(suites)
    text = markdown(suites, problems, machine, 1 if args.smoke else args.runs, load_end)
    past = history()
    if past:
        text += f"\n{HISTORY}\n\n{past}"
    target.write_text(text if text.endswith("\n") else text + "\n")
    prettier = ROOT / "node_modules" / ".bin" / "prettier"
    if prettier.exists():  # the tables aligned, as the lint check wants them
        subprocess.run([str(prettier), "--write", str(target)], capture_output=True)
    written = target.read_text()
    for s in suites:  # the smoke's check: every suite's table is in the file
        if f"## {s['title']}" not in written:
            failed.append(s["suite"])
            print(f"[run] {s['suite']}: its section is missing from {target}", flush=True)
    wrote = f"{target} and {target_json}" if target != RESULTS else str(target)
    print(f"\n[run] wrote {wrote}" + (f" (logs in {work})" if failed else ""))
    if not failed:
        shutil.rmtree(work, ignore_errors=True)
    if failed:
        sys.exit(f"[run] failed: {', '.join(failed)}")


if __name__ == "__main__":
    main()
