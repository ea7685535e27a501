"""sign-in lockout and rate limits (issue 9)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 10:45:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import server.adapters.tables


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('rate_counters',
    sa.Column('scope', sa.String(length=30), nullable=False),
    sa.Column('subject', sa.String(length=160), nullable=False),
    sa.Column('period', sa.Integer(), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('expires_at', server.adapters.tables.UtcDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('scope', 'subject', 'period', name=op.f('pk_rate_counters'))
    )
    op.create_table('sign_in_locks',
    sa.Column('subject', sa.String(length=64), nullable=False),
    sa.Column('locked_at', server.adapters.tables.UtcDateTime(), nullable=False),
    sa.Column('locked_until', server.adapters.tables.UtcDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('subject', name=op.f('pk_sign_in_locks'))
    )
    op.create_table('hall_limits',
    sa.Column('hall_id', sa.String(length=40), nullable=False),
    sa.Column('limits', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['hall_id'], ['halls.id'], name=op.f('fk_hall_limits_hall_id_halls')),
    sa.PrimaryKeyConstraint('hall_id', name=op.f('pk_hall_limits'))
    )


def downgrade() -> None:
    op.drop_table('hall_limits')
    op.drop_table('sign_in_locks')
    op.drop_table('rate_counters')
