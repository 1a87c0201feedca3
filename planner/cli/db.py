"""`planner db upgrade|downgrade|current`: Alembic migrations on DATABASE_URL."""

from __future__ import annotations

import click
from alembic import command
from alembic.util import CommandError
from sqlalchemy.exc import SQLAlchemyError

from planner.cli.common import CliError, one_line, open_store
from planner.storage import Store, migrate


@click.group()
def db() -> None:
    """Database migrations (the app and every command upgrade automatically)."""


def _migrate(step, revision: str) -> Store:
    """Run one Alembic step; an unknown revision or an unreachable server is one line, exit 2."""
    try:
        store = Store(upgrade=False)
    except Exception as error:  # a bad DATABASE_URL
        raise CliError(f"cannot open the database: {one_line(error)}") from None
    try:
        step(store.engine, revision)
    except CommandError as error:
        raise CliError(f"cannot migrate to {revision!r}: {one_line(error)}") from None
    except SQLAlchemyError as error:
        raise CliError(f"cannot reach the database {store.engine.url.render_as_string(hide_password=True)}: "
                       f"{one_line(getattr(error, 'orig', None) or error)}") from None
    return store


@db.command()
@click.argument("revision", default="head")
def upgrade(revision: str) -> None:
    """Upgrade the schema to REVISION (default: head)."""
    store = _migrate(migrate.upgrade, revision)
    click.echo(f"Upgraded {store.engine.url.render_as_string(hide_password=True)} to {revision}.")


@db.command()
@click.argument("revision")
def downgrade(revision: str) -> None:
    """Downgrade the schema to REVISION ('base' for empty)."""
    _migrate(migrate.downgrade, revision)
    click.echo(f"Downgraded to {revision}.")


@db.command()
def current() -> None:
    """Show the database URL (password hidden) and its revision."""
    store = open_store()
    click.echo(store.engine.url.render_as_string(hide_password=True))
    command.current(migrate.alembic_config(store.engine))
