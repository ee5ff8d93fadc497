"""The Alembic migrations build exactly the schema the models describe."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from familywatch.store import HEAD_REVISION, SqlStore, StoreError, open_store
from familywatch.store.migrate import MIGRATIONS_DIR, migration_config
from familywatch.store.tables import METADATA


def schema_differences(store: SqlStore) -> list[object]:
    with store.engine.connect() as connection:
        return compare_metadata(MigrationContext.configure(connection), METADATA)


def version_in(store: SqlStore) -> list[tuple[str]]:
    with store.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text("SELECT * FROM alembic_version"))]


def test_head_revision_constant_is_alembics_head() -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))

    assert ScriptDirectory.from_config(config).get_current_head() == HEAD_REVISION


def test_an_empty_database_migrates_to_exactly_the_models(store: SqlStore) -> None:
    assert version_in(store) == [(HEAD_REVISION,)]
    assert schema_differences(store) == []


def test_downgrade_to_nothing_and_back(store: SqlStore) -> None:
    with migration_config(store.engine) as config:
        command.downgrade(config, "base")
    assert set(inspect(store.engine).get_table_names()) == {"alembic_version"}

    with migration_config(store.engine) as config:
        command.upgrade(config, "head")
    assert schema_differences(store) == []
    assert version_in(store) == [(HEAD_REVISION,)]


def test_a_database_from_a_newer_familywatch_is_refused_plainly(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'familywatch.sqlite3'}"
    store = open_store(url)
    with store.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0099_future'"))
    store.close()

    with pytest.raises(StoreError, match=r"from schema revision 0099_future .*newer version"):
        open_store(url)
