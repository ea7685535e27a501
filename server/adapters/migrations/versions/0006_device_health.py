"""kiosks' reader and camera states (issue 6)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 10:45:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import server.adapters.tables


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('devices', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reader_state', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('reader_reason', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('camera_state', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('camera_reason', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('health_at', server.adapters.tables.UtcDateTime(), nullable=True))
        batch_op.add_column(sa.Column('offline_at', server.adapters.tables.UtcDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('devices', schema=None) as batch_op:
        batch_op.drop_column('offline_at')
        batch_op.drop_column('health_at')
        batch_op.drop_column('camera_reason')
        batch_op.drop_column('camera_state')
        batch_op.drop_column('reader_reason')
        batch_op.drop_column('reader_state')
