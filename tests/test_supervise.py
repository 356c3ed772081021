"""scripts/supervise: the web server and the job worker stop together, whatever stops them."""

from __future__ import annotations

import signal
import subprocess
import time
import uuid
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "supervise"


def _alive(marker: str) -> list[int]:
    """The Python processes started with ``marker`` among their arguments (not the supervisor itself)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if argv and argv[0].endswith(b"python3") and marker.encode() in argv:
            found.append(int(entry.name))
    return found


def _wait_until(predicate, *, limit: float = 20.0) -> bool:
    end = time.monotonic() + limit
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


def _start(marker: str, *commands: str) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen([str(SCRIPT), *commands], start_new_session=True)
    assert _wait_until(lambda: len(_alive(marker)) == len(commands)), "the commands did not start"
    return proc


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP])
def test_a_stop_signal_stops_every_command(sig):
    marker = f"sinergi-test-{uuid.uuid4().hex}"
    sleeper = f"python3 -c 'import time; time.sleep(300)' {marker}"
    proc = _start(marker, sleeper, sleeper)
    proc.send_signal(sig)
    assert proc.wait(timeout=30) == 128 + sig
    assert _wait_until(lambda: _alive(marker) == []), f"left running: {_alive(marker)}"


def test_when_one_command_ends_the_others_are_stopped():
    marker = f"sinergi-test-{uuid.uuid4().hex}"
    sleeper = f"python3 -c 'import time; time.sleep(300)' {marker}"
    failing = f"python3 -c 'import sys, time; time.sleep(2); sys.exit(3)' {marker}"
    proc = _start(marker, sleeper, failing)
    assert proc.wait(timeout=30) == 3
    assert _wait_until(lambda: _alive(marker) == []), f"left running: {_alive(marker)}"
