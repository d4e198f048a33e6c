"""Check tracking-server JSON answers without holding the event loop. Standard library only.

An answer is parsed once to prove it is JSON (and of the expected shape) and to
find credentials in its strings; it is then passed on as the chunks it came in,
unless a credential had to be replaced. CPython's JSON parser holds the GIL for
the whole parse, so a worker thread would still stall the event loop (a 90 MB
body: ~0.45 s of a 0.55 s parse, measured): bodies over `INLINE_LIMIT` are
checked in a small process pool (spawn context: no fork of the server process).
Large copies are avoided too (a 90 MB copy holds the loop ~0.1 s): the body goes
to the pool as a temporary file written with the GIL released, and is sent on
as the list of received chunks.
"""

import asyncio
import json
import multiprocessing
import os
import re
import tempfile
import threading
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any, Optional

INLINE_LIMIT = 1024 * 1024
POOL_WORKERS = 2
SAFE_ERROR_CODE = re.compile(r"^[A-Z][A-Z0-9_]{0,63}$")

_pool: Optional[ProcessPoolExecutor] = None
_pool_lock = threading.Lock()


class BodyError(ValueError):
    """Why an answer is not usable JSON, in our own words (never its content)."""


def _type_name(value: Any) -> str:
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list):
        return "list"
    if isinstance(value, str):
        return "string"
    if value is None:
        return "null"
    return type(value).__name__


def parse(body: bytes) -> Any:
    try:
        return json.loads(body.decode("utf-8")) if body.strip() else {}
    except UnicodeDecodeError:
        raise BodyError("not UTF-8 text") from None
    except RecursionError:
        raise BodyError("JSON nested too deeply") from None
    except ValueError:
        raise BodyError("not JSON") from None


def _scrub(text: str, forms: Sequence[str]) -> str:
    for form in forms:
        if form in text:
            text = text.replace(form, "***")
    return text


def scrub_value(value: Any, forms: Sequence[str]) -> tuple[Any, bool]:
    """`value` with every credential form in its strings (keys too) replaced by ***.

    Iterative: parsed JSON can be nested almost as deep as the recursion limit."""
    if not forms:
        return value, False
    changed = False
    root = [value]
    stack: list[tuple[Any, Any]] = [(root, 0)]
    while stack:
        container, key = stack.pop()
        item = container[key]
        if isinstance(item, str):
            clean = _scrub(item, forms)
            if clean != item:
                container[key] = clean
                changed = True
        elif isinstance(item, list):
            stack.extend((item, i) for i in range(len(item)))
        elif isinstance(item, dict):
            for k in list(item):
                clean = _scrub(k, forms)
                if clean != k:
                    item[clean] = item.pop(k)
                    changed = True
                stack.append((item, clean))
    return root[0], changed


def check(body: bytes, forms: Sequence[str]) -> tuple[str, bool, Optional[bytes]]:
    """(type of the top-level value, whether it is empty, replacement bytes or None when
    `body` is clean)."""
    value = parse(body)
    empty = not value if isinstance(value, (dict, list)) else False
    value, changed = scrub_value(value, forms)
    if not changed:
        return _type_name(value), empty, None
    try:
        return _type_name(value), empty, json.dumps(value).encode()
    except RecursionError:
        raise BodyError("JSON nested too deeply") from None


def check_file(path: str, forms: Sequence[str]) -> tuple[str, bool, Optional[bytes]]:
    """`check` of a spilled body, in a pool process: the body travels as a file written
    with the GIL released, not pickled on the way (a 90 MB copy under the GIL)."""
    with open(path, "rb") as file:
        body = file.read()
    return check(body, forms)


def _spill(chunks: Sequence[bytes]) -> str:
    fd, path = tempfile.mkstemp(prefix="jupyterlab-mlflow-traces-", suffix=".json")
    with os.fdopen(fd, "wb", buffering=0) as file:
        for chunk in chunks:
            file.write(chunk)  # releases the GIL
    return path


def _get_pool() -> ProcessPoolExecutor:
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ProcessPoolExecutor(
                max_workers=POOL_WORKERS, mp_context=multiprocessing.get_context("spawn")
            )
        return _pool


def _drop_pool() -> None:
    global _pool
    with _pool_lock:
        pool, _pool = _pool, None
    if pool is not None:
        pool.shutdown(wait=False, cancel_futures=True)


@dataclass
class Checked:
    """A checked JSON document as the parts to send (the received chunks when clean)."""

    top: str
    empty: bool
    parts: list[bytes]


async def check_chunks(chunks: list[bytes], forms: Sequence[str]) -> Checked:
    """`check`, inline for small bodies, else in the process pool. The received chunks
    are never joined for a large body: they are what gets sent on."""
    size = sum(len(chunk) for chunk in chunks)
    if size <= INLINE_LIMIT:
        body = b"".join(chunks)
        top, empty, replaced = check(body, forms)
        if replaced is None and not body.strip():
            replaced = b"{}"
        return Checked(top, empty, [replaced if replaced is not None else body])
    loop = asyncio.get_running_loop()
    path = await loop.run_in_executor(None, _spill, chunks)
    try:
        top, empty, replaced = await loop.run_in_executor(
            _get_pool(), check_file, path, tuple(forms)
        )
    except BrokenProcessPool:
        _drop_pool()
        raise BodyError("the process checking large answers stopped (out of memory?)") from None
    finally:
        await loop.run_in_executor(None, os.unlink, path)
    return Checked(top, empty, [replaced] if replaced is not None else chunks)


def error_code_of(body: bytes) -> Optional[str]:
    """MLflow's `error_code` of a small error answer, if it looks like one (never free text)."""
    if len(body) > 64 * 1024:
        return None
    try:
        data = json.loads(body.decode("utf-8"))
    except (ValueError, RecursionError):
        return None
    code = data.get("error_code") if isinstance(data, dict) else None
    return code if isinstance(code, str) and SAFE_ERROR_CODE.match(code) else None


def merge_object(prefix: dict, checked: Checked) -> list[bytes]:
    """`{**prefix, **object}` for a checked JSON object, as parts: no copy of the object
    (later keys win in JSON.parse as in the dict merge)."""
    head = json.dumps(prefix).encode()
    if checked.empty:
        return [head]
    parts = checked.parts
    first = next(i for i, part in enumerate(parts) if part.strip())
    brace = parts[first].index(b"{")
    return [head[:-1] + b", ", memoryview(parts[first])[brace + 1 :], *parts[first + 1 :]]
