"""A real PostgreSQL server for the tests, on 127.0.0.1.

TEST_DATABASE_URL names a server to use (CI starts Debian's cluster and sets it). Otherwise, if
PostgreSQL's binaries are installed, a throwaway cluster is started in a temporary directory.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _bin_dir() -> str | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return os.path.dirname(found[-1])
    initdb = shutil.which("initdb")
    return os.path.dirname(initdb) if initdb else None


@contextmanager
def throwaway_server() -> Iterator[str | None]:
    """Yield a URL for a fresh cluster, or None when PostgreSQL is not installed."""
    bin_dir = _bin_dir()
    if bin_dir is None:
        yield None
        return
    root = os.geteuid() == 0
    directory = tempfile.mkdtemp(prefix="planner-pg-")
    if root:  # initdb refuses to run as root: run the server as the postgres user
        user = pwd.getpwnam("postgres")
        os.chown(directory, user.pw_uid, user.pw_gid)

    def run(*args: str) -> None:
        command = ["runuser", "-u", "postgres", "--", *args] if root else list(args)
        subprocess.run(command, check=True, capture_output=True)

    port = _free_port()
    data = os.path.join(directory, "data")
    run(f"{bin_dir}/initdb", "-D", data, "-U", "planner", "--auth=trust", "-E", "UTF8")
    run(f"{bin_dir}/pg_ctl", "-D", data, "-l", os.path.join(directory, "log"), "-w", "-o",
        f"-h 127.0.0.1 -p {port} -k {directory} -F", "start")
    try:
        url = f"postgresql+psycopg://planner@127.0.0.1:{port}/postgres"
        _wait(url)
        yield url
    finally:
        run(f"{bin_dir}/pg_ctl", "-D", data, "-m", "immediate", "stop")
        shutil.rmtree(directory, ignore_errors=True)


def _wait(url: str) -> None:
    import sqlalchemy

    engine = sqlalchemy.create_engine(url)
    for _ in range(50):
        try:
            with engine.connect():
                return
        except sqlalchemy.exc.OperationalError:
            time.sleep(0.1)
    raise RuntimeError("PostgreSQL did not start")
