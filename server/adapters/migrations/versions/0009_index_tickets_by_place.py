"""index a day's tickets by status and place in line: the newest place among those waiting
(a new ticket never queues ahead of it, even when the clock was stepped back) is read from the
index alone, instead of visiting every waiting ticket

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 12:00:00.000000
"""

from __future__ import annotations

from alembic import op


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.drop_index('ix_tickets_hall_day_status')
        batch_op.create_index(
            'ix_tickets_hall_day_status', ['hall_id', 'day', 'status', 'queue_at'], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.drop_index('ix_tickets_hall_day_status')
        batch_op.create_index('ix_tickets_hall_day_status', ['hall_id', 'day', 'status'], unique=False)
