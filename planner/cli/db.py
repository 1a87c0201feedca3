"""`planner db upgrade|downgrade|current`: Alembic migrations on DATABASE_URL."""

from __future__ import annotations

from pathlib import Path

import click

from planner.cli.common import CliError, one_line, open_store


@click.group()
def db() -> None:
    """Database migrations (the app and every command upgrade automatically)."""


@db.command()
@click.argument("revision", default="head")
def upgrade(revision: str) -> None:
    """Upgrade the schema to REVISION (default: head), putting back rows a downgrade kept."""
    from planner.storage import migrate

    store = open_store(upgrade=False)
    restored = _run(lambda: migrate.upgrade(store.engine, revision))
    click.echo(f"Upgraded {store.masked_url} to {revision}.")
    for what in restored:
        click.echo(f"Restored {what}.")


@db.command()
@click.argument("revision")
@click.option("--yes", is_flag=True, help="Go ahead: drop what the command lists (after writing a backup).")
@click.option("--backup-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Where to write the backup (default: backups/ in the planner's data folder).")
def downgrade(revision: str, yes: bool, backup_dir: Path | None) -> None:
    """Downgrade the schema to REVISION ('base' for empty). Says what it drops; needs --yes."""
    from planner.storage import migrate
    from planner.storage.backup import write_backup
    from planner.storage.config import data_dir

    store = open_store(upgrade=False)
    drops = _run(lambda: migrate.drops(store.engine, revision))
    listing = "".join(f"\n  {drop}" for drop in drops) or " nothing."
    if not yes:
        raise CliError(f"Downgrading {store.masked_url} to {revision} would drop:{listing}\nNothing was changed. "
                       "Run again with --yes to go ahead: a backup is written first, and the dropped rows are "
                       "kept in the database and put back by `planner db upgrade`.")
    try:
        folder = write_backup(store, backup_dir or data_dir() / "backups")
    except OSError as error:
        raise CliError(f"cannot write the backup ({error.strerror}: {error.filename}); nothing was changed") from None
    click.echo(f"Backup written to {folder}")
    _run(lambda: migrate.downgrade(store.engine, revision))
    click.echo(f"Downgraded to {revision}; dropped:{listing}\nThe dropped rows are kept in the database and come "
               "back with `planner db upgrade`.")


@db.command()
def current() -> None:
    """Show the database URL (password hidden) and its revision."""
    from planner.storage import migrate

    store = open_store(upgrade=False)
    click.echo(store.masked_url)
    click.echo(_run(lambda: migrate.current(store.engine)) or "empty (no revision)")


def _run(step):
    """A migration step, with Alembic's and the database's errors as one clear line."""
    from alembic.util import CommandError
    from sqlalchemy.exc import SQLAlchemyError

    try:
        return step()
    except CommandError as error:
        raise CliError(f"{one_line(error)} (see the revisions in planner/storage/migrations/versions)") from None
    except SQLAlchemyError as error:
        raise CliError(f"cannot reach the database: {one_line(getattr(error, 'orig', None) or error)}") from None
