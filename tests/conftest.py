"""Fixtures: a fresh store on SQLite and on a real PostgreSQL server.

Set REQUIRE_POSTGRES=1 (CI does) to fail instead of skipping when PostgreSQL is missing.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
import sqlalchemy

from planner.storage import Store
from planner.storage.config import normalise_url
from tests.graph_double import GraphDouble, serve, stop
from tests.postgres import throwaway_server


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    explicit = os.environ.get("TEST_DATABASE_URL")
    if explicit:
        yield normalise_url(explicit)
        return
    with throwaway_server() as url:
        if url is None:
            if os.environ.get("REQUIRE_POSTGRES"):
                pytest.fail("REQUIRE_POSTGRES is set but no PostgreSQL server or binaries were found")
            pytest.skip("PostgreSQL is not installed (apt-get install postgresql, or set TEST_DATABASE_URL)")
        yield url


def _reset_postgres(url: str) -> None:
    engine = sqlalchemy.create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(sqlalchemy.text("DROP SCHEMA public CASCADE"))
        connection.execute(sqlalchemy.text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request, tmp_path) -> str:
    """A URL for an empty database, once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'planner.sqlite3'}"
    url = request.getfixturevalue("postgres_server")
    _reset_postgres(url)
    return url


@pytest.fixture
def store(database_url) -> Iterator[Store]:
    opened = Store(database_url)
    yield opened
    opened.close()


@pytest.fixture
def sqlite_env(tmp_path, monkeypatch) -> str:
    """Point DATABASE_URL (used by the CLI and the app) at a fresh SQLite file."""
    url = f"sqlite:///{tmp_path / 'app.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", url)
    return url


@pytest.fixture
def graph() -> Iterator[GraphDouble]:
    """The Graph API double on 127.0.0.1 (tests/graph_double.py), stopped afterwards."""
    server = serve()
    yield server
    stop(server)


@pytest.fixture
def demo_store(sqlite_env) -> Iterator[Store]:
    """The store the CLI opens (DATABASE_URL, SQLite) with the demo campaigns loaded."""
    from planner.demo import load_demo

    opened = Store(sqlite_env)
    load_demo(opened)
    yield opened
    opened.close()
