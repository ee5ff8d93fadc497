"""Reads and single-row inserts, each in its own short transaction, with plain errors:
shared by SqlStore and its mixins (which get `_engine` and `_where` from SqlStore)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Engine, Row
from sqlalchemy.sql import Executable

from familywatch.store.errors import plain_errors


class StoreAccess:
    _where: str

    @property
    def _engine(self) -> Engine:  # SqlStore's: opened on first use, replaceable in place
        raise NotImplementedError

    def _read(self, statement: Executable) -> Sequence[Row[Any]]:
        with plain_errors("read", self._where), self._engine.connect() as connection:
            return connection.execute(statement).all()

    def _insert(self, statement: Executable) -> int:
        """Run a single-row insert; returns the new row's id."""
        with plain_errors("write to", self._where), self._engine.begin() as connection:
            key = connection.execute(statement).inserted_primary_key
        assert key is not None  # a single-row insert always reports its key
        return int(key[0])
