"""The one error the store raises for a database it cannot use, in plain words."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import DBAPIError, StatementError


class StoreError(Exception):
    """The record store cannot be read or written; the message names the database."""


_DAMAGE_CODES = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB


def is_damage(error: BaseException | None) -> bool:
    """Whether a store error says the database file is damaged (not full, locked, …)."""
    cause = getattr(error, "__cause__", None)
    code = getattr(getattr(cause, "orig", None), "sqlite_errorcode", None)
    return isinstance(code, int) and code & 0xFF in _DAMAGE_CODES


@contextmanager
def plain_errors(action: str, where: str) -> Iterator[None]:
    """Turn driver errors into a StoreError such as "cannot write to /x.sqlite3: disk is full".

    A value SQLAlchemy refused to bind (a naive datetime, say) is the caller's mistake,
    so the original ValueError/TypeError comes out instead of SQLAlchemy's wrapper.
    """
    try:
        yield
    except DBAPIError as error:
        raise StoreError(f"cannot {action} {where}: {error.orig}") from error
    except StatementError as error:
        if isinstance(error.orig, ValueError | TypeError):
            raise error.orig from None
        raise
