"""The ingest lock: one writer per store; a second waits up to --wait, then StoreBusyError (exit 75)."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time

import pytest

from kg.errors import StoreBusyError
from kg.lock import ingest_lock, lock_path
from kg.settings import Settings

HOLD = (
    "import sys, time; from kg.lock import ingest_lock; from kg.settings import Settings\n"
    "with ingest_lock(Settings(store=sys.argv[1])):\n"
    "    print('held', flush=True); time.sleep(60)\n"
)


@pytest.fixture
def holder(tmp_path):
    """Another process holding the lock of tmp_path/store until it is killed."""
    process = subprocess.Popen([sys.executable, "-c", HOLD, str(tmp_path / "store")], stdout=subprocess.PIPE, text=True)
    assert process.stdout.readline().strip() == "held"
    with process:
        yield process
        process.kill()


def test_lock_refuses_a_second_writer_with_exit_code_75(tmp_path, holder):
    settings = Settings(store=str(tmp_path / "store"))
    started = time.monotonic()
    with pytest.raises(StoreBusyError, match="--wait") as caught:
        with ingest_lock(settings, wait=0.5):
            pass
    assert time.monotonic() - started >= 0.5
    assert caught.value.exit_code == 75


def test_lock_waits_for_the_holder_to_finish(tmp_path, holder):
    settings = Settings(store=str(tmp_path / "store"))
    threading.Timer(0.5, holder.terminate).start()
    with ingest_lock(settings, wait=30):
        pass


def test_lock_is_released_when_its_holder_is_killed(tmp_path, holder):
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    with ingest_lock(Settings(store=str(tmp_path / "store"))):
        pass


def test_lock_of_a_remote_store_is_one_file_per_url():
    one, same = Settings(store="http://127.0.0.1:7878"), Settings(store="http://127.0.0.1:7878/")
    assert lock_path(one) == lock_path(same) != lock_path(Settings(store="http://127.0.0.1:7879"))
