"""What the handlers send for a tracking store's answer: checked JSON in parts, gzipped
when the browser accepts it. Standard library only.

A trace is the largest answer (a 1,000-span trace is ~0.6 MB of JSON, ~10x smaller
gzipped). Jupyter Server compresses nothing by default, and Tornado's own gzip
would need the parts joined on the event loop, so the parts are compressed here in
one pass of zlib's streaming compressor, in a worker thread (zlib releases the GIL
while it compresses): the event loop only writes the compressed parts.
"""

import asyncio
import zlib
from dataclasses import dataclass
from typing import Any

#: Smaller answers go as they are: gzip's header and the thread hop would not pay
#: (Tornado's own threshold).
MIN_GZIP_BYTES = 1024
#: zlib's default level, as Tornado's gzip.
GZIP_LEVEL = 6
#: zlib's wbits for a gzip header and trailer.
_GZIP_WBITS = 16 + zlib.MAX_WBITS


@dataclass
class RawJson:
    """A checked JSON document, sent to the browser as is, in parts (no copies)."""

    parts: list[Any]  # bytes or memoryview


def accepts_gzip(accept_encoding: str) -> bool:
    """Whether an Accept-Encoding header value allows gzip (``gzip;q=0`` refuses it)."""
    for item in accept_encoding.split(","):
        name, _, params = item.partition(";")
        if name.strip().lower() not in ("gzip", "*"):
            continue
        quality = params.strip().lower()
        if quality.startswith("q="):
            try:
                return float(quality[2:]) > 0
            except ValueError:
                return False
        return True
    return False


def gzip_parts(parts: list[Any]) -> list[bytes]:
    """One gzip stream of the parts, in order, as the compressor hands it out."""
    compressor = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, _GZIP_WBITS)
    out = [compressor.compress(part) for part in parts]
    out.append(compressor.flush())
    return [chunk for chunk in out if chunk]


async def gzipped(parts: list[Any]) -> list[bytes]:
    """``gzip_parts`` in a worker thread, so the event loop keeps serving."""
    return await asyncio.get_running_loop().run_in_executor(None, gzip_parts, parts)
