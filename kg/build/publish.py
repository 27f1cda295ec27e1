"""Publish a build into its folder whole, one build at a time.

A build writes everything into DIR/.staging-PID first. Publishing then writes a journal
(DIR/.publish.json, whole or absent: written aside and renamed) naming the outputs DIR held,
moves those into DIR/.backup-PID, moves the new ones in, and commits by removing the journal.
A build killed at any point of this leaves the journal behind, and the next build into DIR
(`recover`, run under the lock before anything else) puts the old outputs back, so DIR ends up
with either the old build or the new one, never a mix; the folders of dead builds go then too.

The lock (DIR/.lock, flock) is held for the whole build, so a second build into the same folder
stops at once with a message; the kernel releases it when its holder dies, so it never goes stale.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import signal
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from kg.build.cache import MANIFEST
from kg.errors import BuildFailed

LOCK_NAME = ".lock"
JOURNAL_NAME = ".publish.json"
STAGING_PREFIX, BACKUP_PREFIX = ".staging-", ".backup-"
# Names a build phase (`pause`) at which the build stops itself with SIGSTOP: the tests kill
# it there with SIGKILL to check that every phase leaves the old or the new output.
PAUSE_ENV = "KG_BUILD_PAUSE"


@contextmanager
def locked(out: Path) -> Iterator[None]:
    """Hold DIR's build lock, after rolling back any publish a killed build left half done.

    Raises BuildFailed at once if another build holds it. A folder created here for the lock
    is removed again if nothing was published into it.
    """
    created = not out.exists()
    out.mkdir(parents=True, exist_ok=True)
    lock = out / LOCK_NAME
    with lock.open("a+", encoding="ascii") as file:
        try:
            fcntl.flock(file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            file.seek(0)
            holder = file.read().strip() or "?"
            raise BuildFailed(
                f"another build (process {holder}) is writing into {out}; wait for it to end, "
                "or build into another folder"
            ) from None
        file.truncate(0)
        file.write(str(os.getpid()))
        file.flush()
        try:
            recover(out)
            yield
        finally:
            if created and [p.name for p in out.iterdir()] == [LOCK_NAME]:
                lock.unlink()
                out.rmdir()


def new_staging(out: Path) -> Path:
    """A fresh, empty staging folder in `out` (call it holding the lock)."""
    staging = out / f"{STAGING_PREFIX}{os.getpid()}"
    staging.mkdir()
    return staging


def publish(staging: Path, out: Path, outputs: Sequence[str]) -> list[Path]:
    """Replace the `outputs` in `out` by everything in `staging`, as one step for any reader
    that goes through `recover`; the manifest moves in last. Returns the paths written."""
    staged = sorted(staging.iterdir(), key=lambda p: (p.name == MANIFEST, p.name))
    names = sorted({*outputs, *(p.name for p in staged)})
    old = [name for name in names if os.path.lexists(out / name)]
    backup = out / f"{BACKUP_PREFIX}{os.getpid()}"
    try:
        backup.mkdir()
        _write_journal(out, {"backup": backup.name, "outputs": names, "old": old})
        pause("journal")
        for name in old:
            os.replace(out / name, backup / name)
            pause(f"backup:{name}")
        written = []
        for item in staged:
            os.replace(item, out / item.name)
            written.append(out / item.name)
            pause(f"move:{item.name}")
        (out / JOURNAL_NAME).unlink()
    except BaseException:
        recover(out)
        raise
    pause("committed")
    shutil.rmtree(backup)
    staging.rmdir()
    return written


def recover(out: Path) -> None:
    """Put back the old outputs of a publish that did not commit, and remove the staging and
    backup folders of builds that are gone (the lock says no other build is running)."""
    journal = out / JOURNAL_NAME
    if journal.exists():
        data = json.loads(journal.read_text(encoding="utf-8"))
        backup = out / data["backup"]
        for name in data["outputs"]:
            if name not in data["old"]:
                _remove(out / name)  # new: it was not there before
            elif os.path.lexists(backup / name):
                _remove(out / name)
                os.replace(backup / name, out / name)
            # else the old one is still in place: the publish stopped before moving it
        journal.unlink()
    for path in out.iterdir():
        if path.name.startswith((STAGING_PREFIX, BACKUP_PREFIX)) and path.is_dir():
            shutil.rmtree(path)
        elif path.name.startswith(f"{JOURNAL_NAME}."):
            path.unlink()  # a journal killed while being written aside


def pause(phase: str) -> None:
    """Stop this process at `phase` if KG_BUILD_PAUSE names it (a test hook; see PAUSE_ENV)."""
    if os.environ.get(PAUSE_ENV) == phase:
        os.kill(os.getpid(), signal.SIGSTOP)


def _write_journal(out: Path, data: dict[str, object]) -> None:
    """Write the journal whole or not at all: aside first, then renamed into place."""
    aside = out / f"{JOURNAL_NAME}.{os.getpid()}"
    with aside.open("w", encoding="utf-8") as file:
        json.dump(data, file)
        file.flush()
        os.fsync(file.fileno())
    os.replace(aside, out / JOURNAL_NAME)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)
