"""Files that coordinate processes sharing one store: the ingest lock, and the record of a running server.

Both live beside an embedded store directory `D`:

  * `D.ingest.lock`: `kg ingest` and `kg load` hold an exclusive `flock` on it while they write, so two runs
    never interleave; a second run waits up to `--wait` seconds, then stops with StoreBusyError (exit 75).
    The kernel drops the lock when its process dies, even by SIGKILL, so a crash never leaves it stuck.
  * `D.server.json` (mode 0600): written by `kg serve` once it listens, removed when it stops. It holds the
    server's URL, pid and write token, so an ingest can write through the server that owns the directory.
    A record whose pid is gone is stale and ignored.

For a remote store the lock file is in the temporary directory, named after the URL: it keeps the runs of
one machine apart (a cron job that overlaps itself), not runs on different machines.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

from kg.errors import StoreBusyError
from kg.settings import Settings

_POLL_SECONDS = 0.1


def _beside(store: str, suffix: str) -> Path:
    path = Path(store).absolute()
    return path.parent / f"{path.name}{suffix}"


def lock_path(settings: Settings) -> Path:
    if settings.store_is_remote:
        digest = hashlib.sha256(settings.store.rstrip("/").encode()).hexdigest()[:16]
        return Path(tempfile.gettempdir()) / f"kg-ingest-{digest}.lock"
    return _beside(settings.store, ".ingest.lock")


@contextmanager
def ingest_lock(settings: Settings, *, wait: float = 0.0) -> Iterator[None]:
    """Hold the store's ingest lock; StoreBusyError when another run still holds it after `wait` seconds."""
    path = lock_path(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise StoreBusyError(
                        f"another ingest is writing to {settings.store} (lock {path}); let it finish, or "
                        "give --wait SECONDS to wait for it"
                    ) from None
                time.sleep(_POLL_SECONDS)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@dataclass(frozen=True)
class ServerRecord:
    """Where the `kg serve` that owns an embedded store listens, and the token its write endpoints take."""

    url: str
    pid: int
    token: str

    @staticmethod
    def path(store: str) -> Path:
        return _beside(store, ".server.json")

    def write(self, store: str) -> Path:
        """Write the record readable by this user only (it holds the token), replacing any stale one."""
        path = self.path(store)
        partial = path.with_name(path.name + f".{os.getpid()}.tmp")
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            json.dump(asdict(self), handle)
        os.replace(partial, path)
        return path

    @classmethod
    def read(cls, store: str) -> ServerRecord | None:
        """The record of a live server for `store`, or None (no record, unreadable, or its process is gone)."""
        try:
            record = cls(**json.loads(cls.path(store).read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError):
            return None
        return record if _alive(record.pid) else None

    @classmethod
    def remove(cls, store: str, pid: int) -> None:
        """Remove the record if it is still the one process `pid` wrote."""
        path = cls.path(store)
        try:
            if json.loads(path.read_text(encoding="utf-8")).get("pid") == pid:
                path.unlink()
        except (OSError, ValueError):
            pass


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True
