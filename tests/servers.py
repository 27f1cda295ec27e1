"""The Oxigraph server the push tests and scripts/bench_push.py start: real, on loopback."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def oxigraph_binary() -> str | None:
    """The `oxigraph` command the test extras install beside this Python, else one on PATH."""
    return shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")


@contextmanager
def oxigraph(*args: str) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """`oxigraph <args>` on a free loopback port, once it answers: its base URL and process;
    stopped afterwards."""
    binary = oxigraph_binary()
    if binary is None:
        raise RuntimeError("no oxigraph binary: it comes with the test extras (pip install -e .[test])")
    port = free_port()
    proc = subprocess.Popen(
        [binary, *args, "--bind", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        yield base, proc
    finally:
        proc.terminate()
        proc.wait(timeout=60)
