"""The record store: sessions and monitor runs in SQLite (or another SQL database).

store = open_store("sqlite:////home/x/.local/share/familywatch/familywatch.sqlite3")
"""

from familywatch.store.errors import StoreError
from familywatch.store.migrate import HEAD_REVISION
from familywatch.store.repository import SqlStore, open_store

__all__ = ["HEAD_REVISION", "SqlStore", "StoreError", "open_store"]
