"""Private services for the fault, load and outbox tests: each starts its own, on free ports.

A private PostgreSQL cluster (``initdb``/``pg_ctl`` in a temporary folder, run
as the ``postgres`` user when the tests run as root), a private
``redis-server``, gunicorn with two sync workers, and Celery workers: nothing
shared with the developer's or CI's services is started, stopped or touched.
Each helper stops what it started, by process id.
"""

import contextlib
import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent


def require(*binaries):
    """The binaries' paths; skip the test when one is missing (fail in CI, where they must be there)."""
    found = []
    for binary in binaries:
        path = binary if os.path.isabs(binary) and os.access(binary, os.X_OK) else shutil.which(binary)
        if path is None:
            if os.environ.get("CI") == "true":
                pytest.fail(f"{binary} is required in CI")
            pytest.skip(f"{binary} is not installed")
        found.append(path)
    return found


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(predicate, *, timeout=30.0, interval=0.1, what="service"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(Exception):
            if predicate():
                return
        time.sleep(interval)
    raise TimeoutError(f"{what} did not come up in {timeout} s")


def port_open(port):
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
        return True
    return False


def stop_process(proc, *, sig=signal.SIGTERM, timeout=10):
    if proc is None or proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, sig) if _own_group(proc) else proc.send_signal(sig)
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL) if _own_group(proc) else proc.kill()
        proc.wait(5)


def _own_group(proc):
    try:
        return os.getpgid(proc.pid) == proc.pid
    except ProcessLookupError:
        return False


# -- Redis -------------------------------------------------------------------------


class RedisServer:
    def __init__(self, port=None):
        (self.binary,) = require("redis-server")
        self.port = port or free_port()
        self.proc = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.proc = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(lambda: port_open(self.port), timeout=10, what="redis-server")
        return self

    def stop(self):
        stop_process(self.proc)
        self.proc = None

    def client(self):
        import redis

        return redis.Redis(host="127.0.0.1", port=self.port, db=0)


# -- PostgreSQL --------------------------------------------------------------------


def _pg_bin(name):
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if candidates:
        return candidates[-1]
    return require(name)[0]


class PostgresServer:
    """A throw-away cluster: ``initdb`` in a temporary folder, ``pg_ctl`` on a free port, trust auth on 127.0.0.1."""

    def __init__(self):
        self.initdb, self.pg_ctl = _pg_bin("initdb"), _pg_bin("pg_ctl")
        self.port = free_port()
        self.root = Path(tempfile.mkdtemp(prefix="thidua-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "postgres.log"
        self.as_root = os.geteuid() == 0
        if self.as_root:
            require("runuser")  # initdb refuses to run as root: run it as postgres

    def url(self, name="thidua"):
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def _run(self, *args, check=True):
        command = list(args)
        if self.as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, check=check, capture_output=True, text=True, timeout=60)

    def start(self):
        if self.as_root:
            shutil.chown(self.root, "postgres")
        if not self.data.exists():
            self._run(self.initdb, "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync")
        self._ctl("start")
        wait_for(self.accepts_connections, timeout=30, what="PostgreSQL")
        return self

    def _ctl(self, action):
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(self.pg_ctl, "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "-t", "30", action)

    def accepts_connections(self):
        import psycopg2

        psycopg2.connect(host="127.0.0.1", port=self.port, user="postgres", dbname="postgres").close()
        return True

    def createdb(self, name="thidua"):
        import psycopg2

        conn = psycopg2.connect(host="127.0.0.1", port=self.port, user="postgres", dbname="postgres")
        conn.autocommit = True
        with conn.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
        conn.close()

    def stop(self, mode="fast"):
        self._run(self.pg_ctl, "-D", str(self.data), "-m", mode, "-w", "stop", check=False)

    def restart(self):
        self.stop()
        self._ctl("start")
        wait_for(self.accepts_connections, timeout=30, what="PostgreSQL")

    def destroy(self):
        self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)


# -- Django processes ----------------------------------------------------------------


def django_env(*, database_url, redis_url=None, **extra):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE", "PYTEST_XDIST_WORKER")
    }
    env.update(DJANGO_SETTINGS_MODULE="config.settings.test", DATABASE_URL=database_url, PYTHONPATH=str(ROOT))
    if redis_url:
        env["REDIS_URL"] = redis_url
    env.update({k: str(v) for k, v in extra.items()})
    return env


def manage(env, *args, timeout=180):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


class Gunicorn:
    """``gunicorn config.wsgi`` with sync workers on a free port of 127.0.0.1."""

    def __init__(self, env, *, workers=2, port=None):
        (self.binary,) = require(str(VENV_BIN / "gunicorn"))
        self.env, self.workers, self.port = env, workers, port or free_port()
        self.proc = None
        self.log = Path(tempfile.mkstemp(prefix="thidua-gunicorn-", suffix=".log")[1])

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen(
                [
                    self.binary,
                    "config.wsgi",
                    "--bind",
                    f"127.0.0.1:{self.port}",
                    "--workers",
                    str(self.workers),
                    "--worker-class",
                    "sync",
                    "--timeout",
                    "60",
                    "--graceful-timeout",
                    "5",
                    "--keep-alive",
                    "5",
                ],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=log,
                start_new_session=True,
            )
        wait_for(lambda: http_get(self.url + "/healthz", timeout=2)[0] == 200, timeout=30, what="gunicorn")
        return self

    def stop(self):
        stop_process(self.proc)
        self.proc = None


def http_get(url, *, timeout=10):
    """(status, body) of a GET, whatever the status."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 — 127.0.0.1 only
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")


class CeleryWorker:
    """``celery -A config worker`` (prefork, one process) against a private Redis."""

    def __init__(self, env, *, concurrency=1):
        (self.binary,) = require(str(VENV_BIN / "celery"))
        self.env, self.concurrency = env, concurrency
        self.proc = None
        self.log = Path(tempfile.mkstemp(prefix="thidua-celery-", suffix=".log")[1])

    def start(self):
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen(
                [
                    self.binary,
                    "-A",
                    "config",
                    "worker",
                    "--pool",
                    "prefork",
                    "--concurrency",
                    str(self.concurrency),
                    "--without-gossip",
                    "--without-mingle",
                    "--without-heartbeat",
                    "--loglevel",
                    "INFO",
                ],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=log,
                start_new_session=True,
            )
        wait_for(lambda: "ready" in self.log.read_text(errors="replace"), timeout=60, what="celery worker")
        return self

    def stop(self, sig=signal.SIGTERM):
        stop_process(self.proc, sig=sig)
        self.proc = None
