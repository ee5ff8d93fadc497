"""Bring a database's schema to the revision this code expects.

Alembic is imported only when a migration is actually due: the monitor runs all day,
and a database already at HEAD_REVISION (every start but the first after an upgrade)
should cost one small SELECT, not Alembic's import time and memory.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text

from familywatch.store.engine import create_store_engine, describe, sqlite_path
from familywatch.store.errors import StoreError, plain_errors

if TYPE_CHECKING:
    from alembic.config import Config

# Must equal the newest revision in migrations/versions (a test keeps them in step).
HEAD_REVISION = "0006_seal_tags"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def current_revision(connection: Connection) -> str | None:
    """The schema revision recorded in the database; None for a database never migrated."""
    if not inspect(connection).has_table("alembic_version"):
        return None
    revision = connection.scalar(text("SELECT version_num FROM alembic_version"))
    return None if revision is None else str(revision)


def ensure_schema(engine: Engine) -> None:
    """Migrate to head unless the database is already there (then Alembic stays unloaded)."""
    where = describe(engine.url)
    with plain_errors("open", where), engine.connect() as connection:
        revision = current_revision(connection)
    if revision == HEAD_REVISION:
        return
    from alembic import command
    from alembic.util import CommandError

    try:
        with migration_config(engine) as config:
            command.upgrade(config, "head")
    except CommandError as error:
        raise StoreError(
            f"cannot upgrade {where} from schema revision {revision} "
            f"(this FamilyWatch knows up to {HEAD_REVISION}; was the database written "
            f"by a newer version?): {error}"
        ) from None


@contextmanager
def migration_config(engine: Engine) -> Iterator[Config]:
    """An Alembic Config bound to one connection in one transaction, for alembic.command.

    Everything the commands run (reading the version too) happens inside that
    transaction, committed at the end of the block. An in-memory SQLite database exists
    only in the engine's own connection, so it is migrated through that.
    """
    from alembic.config import Config

    in_memory = engine.dialect.name == "sqlite" and sqlite_path(engine.url) is None
    migrator = engine if in_memory else create_store_engine(engine.url, for_migration=True)
    try:
        with plain_errors("upgrade", describe(engine.url)), migrator.begin() as connection:
            config = Config()
            config.set_main_option("script_location", str(MIGRATIONS_DIR))
            config.attributes["connection"] = connection
            yield config
    finally:
        if migrator is not engine:
            migrator.dispose()
