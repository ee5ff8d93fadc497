"""Names that are not UTF-8: the raw bytes of a process name or executable path.

`process` and `exe` keep a readable, escaped form (what people see and what matching
and reports use); `process_raw` / `exe_raw` keep the exact bytes the OS gave, and stay
NULL for the usual names that are valid UTF-8.

Revision ID: 0005_raw_names
Revises: 0004_integrity
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_raw_names"
down_revision: str | Sequence[str] | None = "0004_integrity"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("sessions") as batch:
        batch.add_column(sa.Column("process_raw", sa.LargeBinary(), nullable=True))
        batch.add_column(sa.Column("exe_raw", sa.LargeBinary(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sessions") as batch:
        batch.drop_column("exe_raw")
        batch.drop_column("process_raw")
