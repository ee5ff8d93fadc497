"""Tamper evidence: the integrity chain (one HMAC link per sealed row).

Revision ID: 0004_integrity
Revises: 0003_review_and_schedule
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_integrity"
down_revision: str | Sequence[str] | None = "0003_review_and_schedule"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "integrity_chain",
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("tbl", sa.String(length=32), nullable=False),
        sa.Column("row_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("mac", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_integrity_chain")),
    )
    op.create_index("ix_integrity_chain_tbl_row_id", "integrity_chain", ["tbl", "row_id"],
                    unique=True)


def downgrade() -> None:
    op.drop_index("ix_integrity_chain_tbl_row_id", table_name="integrity_chain")
    op.drop_table("integrity_chain")
