"""revocable sessions, device-scoped idempotency, booking abuse guards (issue 13)

users.session_version ends every session of a user at once; staff_connections lists a signed-in
user's live sockets so revoking can close them in any process; tickets.request_digest lets a
retried Idempotency-Key be checked against what it first asked for; appointments keep keyed
hashes of the phone and the client address (no-show penalties, per-address caps);
phone_verifications holds the optional SMS step's code hashes.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04 15:30:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import server.adapters.schema

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('session_version', sa.Integer(), server_default='0', nullable=False)
        )
    op.create_table('staff_connections',
    sa.Column('sid', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('connected_at', server.adapters.schema.UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_staff_connections_user_id_users')),
    sa.PrimaryKeyConstraint('sid', name=op.f('pk_staff_connections'))
    )
    with op.batch_alter_table('staff_connections', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staff_connections_user_id'), ['user_id'], unique=False)
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.add_column(sa.Column('request_digest', sa.String(length=64), nullable=True))
    with op.batch_alter_table('appointments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('phone_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('address_hash', sa.String(length=64), nullable=True))
        batch_op.create_index('ix_appointments_hall_phone_hash', ['hall_id', 'phone_hash'], unique=False)
    op.create_table('phone_verifications',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('hall_id', sa.String(length=40), nullable=False),
    sa.Column('phone_hash', sa.String(length=64), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', server.adapters.schema.UtcDateTime(), nullable=False),
    sa.Column('expires_at', server.adapters.schema.UtcDateTime(), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('verified_at', server.adapters.schema.UtcDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['hall_id'], ['halls.id'], name=op.f('fk_phone_verifications_hall_id_halls')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_phone_verifications'))
    )
    with op.batch_alter_table('phone_verifications', schema=None) as batch_op:
        batch_op.create_index('ix_phone_verifications_hall_phone', ['hall_id', 'phone_hash'], unique=False)


def downgrade() -> None:
    op.drop_table('phone_verifications')
    with op.batch_alter_table('appointments', schema=None) as batch_op:
        batch_op.drop_index('ix_appointments_hall_phone_hash')
        batch_op.drop_column('address_hash')
        batch_op.drop_column('phone_hash')
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.drop_column('request_digest')
    op.drop_table('staff_connections')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('session_version')
