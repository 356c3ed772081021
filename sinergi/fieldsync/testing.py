"""Tools for the two-database test and the sync benchmark (never imported by running code): a Sinergi on a
database of its own in another process (``Side``), a live server on it (``LiveServer``), a TCP proxy that adds
latency and counts bytes (``LatencyProxy``), and the dump every record is compared by (``DUMP``)."""

from __future__ import annotations

import heapq
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
RESULT = "\n@@result@@"

BOOT = f"""
import json, os, sys
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sinergi.settings")
django.setup()
namespace = {{}}
exec(compile(sys.stdin.read(), "<side>", "exec"), namespace)
sys.stdout.write({RESULT!r} + json.dumps(namespace.get("result"), default=str, sort_keys=True))
"""

# Every travelling record the user works on, by model and UUID, every field as it travels (references as UUIDs).
DUMP = """
from sinergi.accounts.models import User
from sinergi.fieldsync.selectors import records_out, scoped
from sinergi.fieldsync.specs import ORDER, SPECS
user = User.objects.get(username=USERNAME)
result = {}
for key in ORDER:
    spec = SPECS[key]
    rows = records_out(spec, scoped(spec, user).order_by("pk"))
    result[key] = {r["uuid"]: r["fields"] for r in rows}
"""


class SideError(AssertionError):
    pass


class Side:
    """One Sinergi installation: a database URL and a folder; ``run`` executes Python in a fresh process on it."""

    def __init__(self, name: str, database_url: str, folder: Path, **env: str) -> None:
        self.name = name
        self.database_url = database_url
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.extra = env

    @property
    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            "DATABASE_URL": self.database_url,
            "DJANGO_SETTINGS_MODULE": "sinergi.settings",
            "SINERGI_VAR_DIR": str(self.folder),
            "SINERGI_FIELD_PULL_HORIZON_SECONDS": "0",
            "SINERGI_TASK_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "PYTHONUNBUFFERED": "1",
            **self.extra,
        }

    def run(self, code: str, *, timeout: float = 600, **values: Any) -> Any:
        """Run ``code`` (which may set ``result``) with ``values`` bound as globals; returns ``result``."""
        head = "".join(f"{k} = json.loads({json.dumps(json.dumps(v))})\n" for k, v in values.items())
        done = subprocess.run(  # noqa: S603 - our own interpreter and code
            [sys.executable, "-c", BOOT],
            input="import json\n" + head + code,
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=self.env,
            timeout=timeout,
            check=False,
        )
        if done.returncode != 0 or RESULT not in done.stdout:
            raise SideError(f"{self.name} failed ({done.returncode}):\n{done.stdout[-3000:]}\n{done.stderr[-5000:]}")
        return json.loads(done.stdout.split(RESULT, 1)[1])

    def manage(self, *args: str, timeout: float = 900, check: bool = True) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", *args],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=self.env,
            timeout=timeout,
            check=False,
        )
        if check and done.returncode != 0:
            raise SideError(
                f"{self.name}: manage.py {' '.join(args)} failed:\n{done.stdout[-3000:]}\n{done.stderr[-5000:]}"
            )
        return done

    def start(self, *args: str) -> subprocess.Popen[str]:
        """``manage.py ARGS`` in the background (its output in the side's folder)."""
        log = (self.folder / f"{args[0]}.log").open("a")
        return subprocess.Popen(  # noqa: S603
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
        )

    def dump(self, username: str) -> dict[str, dict[str, Any]]:
        return dict(self.run(DUMP, USERNAME=username))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LiveServer:
    """``manage.py runserver`` of a side, on a free port, until ``stop``."""

    def __init__(self, side: Side) -> None:
        self.side = side
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = side.start("runserver", f"127.0.0.1:{self.port}", "--noreload")
        deadline = time.monotonic() + 120
        while True:
            try:
                # Any answer will do: the health check says 503 while no job worker runs beside the server.
                with urllib.request.urlopen(self.url + "/healthz", timeout=5):  # noqa: S310 - our own server
                    return
            except urllib.error.HTTPError:
                return
            except OSError as exc:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    log = (side.folder / "runserver.log").read_text()[-3000:]
                    raise SideError(f"the live server did not start: {exc}\n{log}") from exc
                time.sleep(0.3)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class LatencyProxy:
    """A TCP proxy on a free port to ``target`` that delays every chunk by ``latency`` seconds in each direction
    (a delay, not a bandwidth limit: chunks in flight overlap) and counts the bytes each way."""

    def __init__(self, target_port: int, *, latency: float) -> None:
        self.target_port = target_port
        self.latency = latency
        self.up = 0  # bytes client → server
        self.down = 0
        self._lock = threading.Lock()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self._listener.getsockname()[1])
        self.url = f"http://127.0.0.1:{self.port}"
        self._stopped = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self._stopped:
            try:
                client, _addr = self._listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.target_port))
            for source, sink, way in ((client, upstream, "up"), (upstream, client, "down")):
                threading.Thread(target=self._pipe, args=(source, sink, way), daemon=True).start()

    def _pipe(self, source: socket.socket, sink: socket.socket, way: str) -> None:
        queue: list[tuple[float, int, bytes]] = []
        ready = threading.Condition()
        counter = 0

        def send() -> None:
            while True:
                with ready:
                    while not queue:
                        ready.wait()
                    due, _n, chunk = queue[0]
                    wait = due - time.monotonic()
                    if wait > 0:
                        ready.wait(wait)
                        continue
                    heapq.heappop(queue)
                try:
                    if not chunk:
                        sink.shutdown(socket.SHUT_WR)
                        return
                    sink.sendall(chunk)
                except OSError:
                    return

        threading.Thread(target=send, daemon=True).start()
        while True:
            try:
                chunk = source.recv(65536)
            except OSError:
                chunk = b""
            with self._lock:
                if way == "up":
                    self.up += len(chunk)
                else:
                    self.down += len(chunk)
            with ready:
                counter += 1
                heapq.heappush(queue, (time.monotonic() + self.latency, counter, chunk))
                ready.notify()
            if not chunk:
                return

    def stop(self) -> None:
        self._stopped = True
        self._listener.close()


def differences(a: Mapping[str, Any], b: Mapping[str, Any], *, names: tuple[str, str]) -> list[str]:
    """Every record present on one side only, and every field whose value differs, as readable lines."""
    lines: list[str] = []
    for model in sorted(set(a) | set(b)):
        left, right = a.get(model, {}), b.get(model, {})
        for uuid in sorted(set(left) - set(right)):
            lines.append(f"{model} {uuid} only on {names[0]}: {left[uuid]}")
        for uuid in sorted(set(right) - set(left)):
            lines.append(f"{model} {uuid} only on {names[1]}: {right[uuid]}")
        for uuid in sorted(set(left) & set(right)):
            for field in sorted(set(left[uuid]) | set(right[uuid])):
                x, y = left[uuid].get(field), right[uuid].get(field)
                if x != y:
                    lines.append(f"{model} {uuid} {field}: {names[0]}={x!r} {names[1]}={y!r}")
    return lines
