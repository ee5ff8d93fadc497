"""Write tags: every row FamilyWatch writes into a sealed table carries an HMAC of its
fixed content, made when it is written, so a later seal can tell FamilyWatch's own rows
from rows added with another tool (see core/integrity.py).

Revision ID: 0006_seal_tags
Revises: 0005_raw_names
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_seal_tags"
down_revision: str | Sequence[str] | None = "0005_raw_names"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TAGGED = ("sessions", "monitor_runs", "audit_log", "rule_events", "notes")


def upgrade() -> None:
    for table in TAGGED:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("seal_tag", sa.String(length=64), nullable=True))


def downgrade() -> None:
    for table in reversed(TAGGED):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("seal_tag")
