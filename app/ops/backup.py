"""`flask --app app backup` and `flask --app app restore`.

SQLite: an online backup (SQLite's backup API: a consistent copy while the app keeps
serving) into instance/backups/, or the file given; restore copies a backup back into
the live database the same way, after checking it is one of ours and whole.
PostgreSQL: pg_dump and pg_restore do it better than the app could; the command prints
the exact commands for the configured database (docs: deploy/README.md, "Back-ups")."""

import sqlite3
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy.engine import make_url

from app.extensions import db


def sqlite_path() -> Path | None:
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    return Path(url.database) if url.get_backend_name() == "sqlite" and url.database else None


def postgres_commands(target: str) -> str:
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"]).set(drivername="postgresql")
    shown = url.render_as_string(hide_password=True)
    return (f"PostgreSQL: back up with pg_dump (custom format, consistent while the app serves):\n"
            f"  pg_dump --format=custom --file {target} '{shown}'\n"
            f"restore into an empty database of the same name (stop the app servers first):\n"
            f"  pg_restore --clean --if-exists --no-owner --dbname '{shown}' {target}\n"
            f"(the password: ~/.pgpass or PGPASSWORD, never on the command line)")


def copy(source: Path, target: Path) -> None:
    """SQLite's online backup from source to target, page by page."""
    with closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as src, \
            closing(sqlite3.connect(target)) as dst:
        src.backup(dst, pages=256)


def check(path: Path) -> str:
    """The backup's schema revision, once it proved to be a whole ALLO?! database."""
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            ok = conn.execute("PRAGMA integrity_check").fetchone()[0]
            revision = conn.execute("SELECT version_num FROM alembic_version").fetchall()
    except sqlite3.DatabaseError as error:
        raise click.ClickException(f"{path} is not an ALLO?! Review database: {error}") from None
    if ok != "ok":
        raise click.ClickException(f"{path} is damaged: {ok}")
    return ", ".join(sorted(r[0] for r in revision))


@click.command("backup")
@click.argument("target", required=False, type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup(target):
    """Back up the database (SQLite: online, into instance/backups/ or TARGET)."""
    source = sqlite_path()
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    if source is None:
        click.echo(postgres_commands(str(target or f"allo-{stamp}.dump")))
        raise SystemExit(2)
    target = target or Path(current_app.instance_path) / "backups" / f"allo-{stamp}.db"
    if target.exists():
        raise click.ClickException(f"{target} exists already: choose another name.")
    target.parent.mkdir(parents=True, exist_ok=True)
    copy(source, target)
    target.chmod(0o600)  # answers and accounts: readable by the service's user only
    click.echo(f"Backed up {source} to {target} (schema {check(target)}).")


@click.command("restore")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask: replace the live database.")
@with_appcontext
def restore(source, yes):
    """Replace the database with a backup made by `backup` (SQLite; stop the app first)."""
    live = sqlite_path()
    if live is None:
        click.echo(postgres_commands(str(source)))
        raise SystemExit(2)
    revision = check(source)
    if not yes:
        click.confirm(f"Replace {live} with {source} (schema {revision})? Everything since is lost",
                      abort=True)
    db.session.remove()
    db.engine.dispose()  # no pooled connection keeps the old pages
    copy(source, live)
    click.echo(f"Restored {source} into {live} (schema {revision}). "
               "Then run `flask --app app db upgrade` if the backup is older than this release.")


COMMANDS = (backup, restore)
