"""Servers of the fault tests' own: a Redis server and a PostgreSQL cluster on free ports, which
a test stops and restarts at will (never the machine's shared ones)."""

import contextlib
import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
import redis

START_TIMEOUT = 10


def free_port():
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(predicate, timeout=START_TIMEOUT, what="the server"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError(f"{what} did not come up within {timeout} s")


def port_open(port):
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.settimeout(0.2)
        return sock.connect_ex(("127.0.0.1", port)) == 0


class RedisServer:
    """``redis-server --port N --save ""`` as a subprocess of the test."""

    def __init__(self, workdir):
        self.binary = shutil.which("redis-server")
        if self.binary is None:
            pytest.skip("needs redis-server (Debian: apt install redis-server)")
        self.dir = Path(workdir)
        self.port = free_port()
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def client(self):
        return redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=2)

    def _ping(self):
        try:
            return bool(self.client().ping())
        except redis.RedisError:
            return False

    def start(self):
        log = (self.dir / "redis.log").open("a")
        self.process = subprocess.Popen(  # noqa: S603 (fixed arguments)
            [
                self.binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.dir),
                "--daemonize",
                "no",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        wait_until(self._ping, what="redis-server")
        return self

    def stop(self, keep_data=False):
        """Stop the server; ``keep_data``: it saves its data first and loads it back at the next
        start (a Redis with persistence), else everything it held is gone."""
        if self.process is None:
            return
        if keep_data:
            self.client().shutdown(save=True)
        else:
            self.process.terminate()
        self.process.wait(timeout=START_TIMEOUT)
        self.process = None
        if not keep_data:
            (self.dir / "dump.rdb").unlink(missing_ok=True)

    def pause(self):
        """Freeze the server (SIGSTOP): connections hang until the clients' timeouts."""
        self.process.send_signal(signal.SIGSTOP)

    def resume(self):
        self.process.send_signal(signal.SIGCONT)

    def close(self):
        if self.process is not None:
            self.process.send_signal(signal.SIGCONT)
            self.process.kill()
            self.process.wait(timeout=START_TIMEOUT)
            self.process = None


def _pg_bin(name):
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}")) or [shutil.which(name)]
    return found[-1]


class PostgresCluster:
    """A PostgreSQL cluster of the test's own: ``initdb`` in a temporary folder, ``pg_ctl``
    start and stop on a free port (as the ``postgres`` account when the tests run as root,
    since PostgreSQL refuses to run as root)."""

    def __init__(self):
        self.initdb, self.pg_ctl = _pg_bin("initdb"), _pg_bin("pg_ctl")
        if not self.initdb or not self.pg_ctl:
            pytest.skip("needs PostgreSQL's initdb and pg_ctl (Debian: apt install postgresql)")
        self.as_user = []
        self.dir = Path(tempfile.mkdtemp(prefix="espace-faults-pg-"))
        if os.geteuid() == 0:
            try:
                account = pwd.getpwnam("postgres")
            except KeyError:
                pytest.skip("the tests run as root and there is no postgres account to run initdb")
            os.chown(self.dir, account.pw_uid, account.pw_gid)
            self.as_user = ["runuser", "-u", "postgres", "--"]
        self.data = self.dir / "data"
        self.port = free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/postgres"
        self._run(self.initdb, "-D", self.data, "-U", "postgres", "--auth=trust", "--no-sync")

    def _run(self, *args):
        subprocess.run(  # noqa: S603 (fixed arguments)
            [*self.as_user, *map(str, args)], check=True, capture_output=True, timeout=60
        )

    def start(self):
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        log = self.dir / "pg.log"
        self._run(self.pg_ctl, "-D", self.data, "-l", log, "-o", options, "-w", "start")
        return self

    def stop(self):
        self._run(self.pg_ctl, "-D", self.data, "-m", "fast", "-w", "stop")

    def close(self):
        with contextlib.suppress(subprocess.CalledProcessError):
            self._run(self.pg_ctl, "-D", self.data, "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.dir, ignore_errors=True)
