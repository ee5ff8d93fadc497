"""Review and schedule: outside-schedule seconds on sessions, who asked and what was
granted on time requests, and the weekly review's notes and "reviewed" marks.

Datetime columns are plain DateTime holding naive UTC, as in 0001_initial.

Revision ID: 0003_review_and_schedule
Revises: 0002_parent_controls
Create Date: 2025-03-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_review_and_schedule"
down_revision: str | Sequence[str] | None = "0002_parent_controls"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("sessions") as batch:
        batch.add_column(
            sa.Column(
                "outside_schedule_seconds",
                sa.Float(),
                server_default=sa.text("0"),
                nullable=False,
            )
        )
    with op.batch_alter_table("requests") as batch:
        batch.add_column(sa.Column("os_user", sa.String(), nullable=True))
        batch.add_column(sa.Column("granted_minutes", sa.Integer(), nullable=True))
    op.create_table(
        "notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("host", sa.String(), nullable=False),
        sa.Column("os_user", sa.String(), nullable=False),
        sa.Column("author", sa.String(length=16), nullable=False),
        sa.Column("target_kind", sa.String(length=16), nullable=False),
        sa.Column("target_id", sa.String(), nullable=False),
        sa.Column("week", sa.String(length=10), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notes")),
    )
    op.create_index(op.f("ix_notes_week"), "notes", ["week"], unique=False)
    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("week", sa.String(length=10), nullable=False),
        sa.Column("reviewed_at", sa.DateTime(), nullable=False),
        sa.Column("host", sa.String(), nullable=False),
        sa.Column("os_user", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reviews")),
    )
    op.create_index(op.f("ix_reviews_week"), "reviews", ["week"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_reviews_week"), table_name="reviews")
    op.drop_table("reviews")
    op.drop_index(op.f("ix_notes_week"), table_name="notes")
    op.drop_table("notes")
    with op.batch_alter_table("requests") as batch:
        batch.drop_column("granted_minutes")
        batch.drop_column("os_user")
    with op.batch_alter_table("sessions") as batch:
        batch.drop_column("outside_schedule_seconds")
