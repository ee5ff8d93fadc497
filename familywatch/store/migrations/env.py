"""Alembic environment for FamilyWatch's store.

FamilyWatch runs migrations itself (familywatch.store.migrate) and passes the
connection in `config.attributes["connection"]`; developers running the `alembic`
command (with migrations/alembic.ini) get a connection from `sqlalchemy.url` instead.
Logging is left alone on purpose: this runs inside the app, whose logging is its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from alembic import context
from sqlalchemy import Connection

from familywatch.store.engine import create_store_engine
from familywatch.store.tables import METADATA
from familywatch.store.utc import UtcDateTime

if TYPE_CHECKING:
    from alembic.autogenerate.api import AutogenContext

config = context.config
target_metadata = METADATA


def render_item(type_: str, obj: Any, autogen_context: AutogenContext) -> str | Literal[False]:
    """Autogenerate writes UtcDateTime columns as sa.DateTime(): see 0001_initial."""
    if type_ == "type" and isinstance(obj, UtcDateTime):
        return "sa.DateTime()"
    return False


def run_with(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite alters tables by copying them; autogenerate must write batch ops.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        render_item=render_item,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
        render_item=render_item,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_offline()
elif (given := config.attributes.get("connection")) is not None:
    run_with(given)
else:
    engine = create_store_engine(config.get_main_option("sqlalchemy.url") or "", for_migration=True)
    try:
        with engine.begin() as connection:
            run_with(connection)
    finally:
        engine.dispose()
