"""supervision: follow-up deadlines and reports (issue 7)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 10:45:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import server.adapters.tables

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A bad rating's follow-up (差评回访) is due by the end of a working day; older rows keep null.
    with op.batch_alter_table("follow_ups", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("due_at", server.adapters.tables.UtcDateTime(), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("follow_ups", schema=None) as batch_op:
        batch_op.drop_column("due_at")
