"""manager console: audit log, device presence and printer state

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 07:50:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import server.adapters.tables


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('hall_id', sa.String(length=40), nullable=True),
    sa.Column('at', server.adapters.tables.UtcDateTime(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor_name', sa.String(length=60), nullable=False),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('subject', sa.String(length=80), nullable=False),
    sa.Column('before', sa.JSON(), nullable=True),
    sa.Column('after', sa.JSON(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index('ix_audit_log_hall_at', ['hall_id', 'at'], unique=False)

    with op.batch_alter_table('devices', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sockets', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('last_seen_at', server.adapters.tables.UtcDateTime(), nullable=True))
        batch_op.add_column(sa.Column('last_request_at', server.adapters.tables.UtcDateTime(), nullable=True))
        batch_op.add_column(sa.Column('printer_online', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('printer_paper', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('printer_at', server.adapters.tables.UtcDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('devices', schema=None) as batch_op:
        batch_op.drop_column('printer_at')
        batch_op.drop_column('printer_paper')
        batch_op.drop_column('printer_online')
        batch_op.drop_column('last_request_at')
        batch_op.drop_column('last_seen_at')
        batch_op.drop_column('sockets')

    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_log_hall_at')

    op.drop_table('audit_log')
