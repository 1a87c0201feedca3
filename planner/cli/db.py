"""`planner db upgrade|downgrade|current`: Alembic migrations on DATABASE_URL."""

from __future__ import annotations

import click
from alembic import command

from planner.cli.common import open_store
from planner.storage import Store, migrate


@click.group()
def db() -> None:
    """Database migrations (the app and every command upgrade automatically)."""


@db.command()
@click.argument("revision", default="head")
def upgrade(revision: str) -> None:
    """Upgrade the schema to REVISION (default: head)."""
    store = Store(upgrade=False)
    migrate.upgrade(store.engine, revision)
    click.echo(f"Upgraded {store.engine.url.render_as_string(hide_password=True)} to {revision}.")


@db.command()
@click.argument("revision")
def downgrade(revision: str) -> None:
    """Downgrade the schema to REVISION ('base' for empty)."""
    store = Store(upgrade=False)
    migrate.downgrade(store.engine, revision)
    click.echo(f"Downgraded to {revision}.")


@db.command()
def current() -> None:
    """Show the database URL (password hidden) and its revision."""
    store = open_store()
    click.echo(store.engine.url.render_as_string(hide_password=True))
    command.current(migrate.alembic_config(store.engine))
