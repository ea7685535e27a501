"""appointments (预约), cases (办件) with their timed steps, the halls' policies of both

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 08:40:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import server.adapters.tables


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('hall_policies',
    sa.Column('hall_id', sa.String(length=40), nullable=False),
    sa.Column('appointments', sa.JSON(), nullable=False),
    sa.Column('cards', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['hall_id'], ['halls.id'], name=op.f('fk_hall_policies_hall_id_halls')),
    sa.PrimaryKeyConstraint('hall_id', name=op.f('pk_hall_policies'))
    )
    op.create_table('appointments',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('hall_id', sa.String(length=40), nullable=False),
    sa.Column('code', sa.String(length=12), nullable=False),
    sa.Column('service_code', sa.String(length=40), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('start', sa.String(length=5), nullable=False),
    sa.Column('end', sa.String(length=5), nullable=False),
    sa.Column('starts_at', server.adapters.tables.UtcDateTime(), nullable=False),
    sa.Column('id_hash', sa.String(length=64), nullable=False),
    sa.Column('id_masked', sa.String(length=20), nullable=False),
    sa.Column('name_masked', sa.String(length=60), nullable=False),
    sa.Column('phone_masked', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('created_at', server.adapters.tables.UtcDateTime(), nullable=False),
    sa.Column('checked_in_at', server.adapters.tables.UtcDateTime(), nullable=True),
    sa.Column('arrival', sa.String(length=10), nullable=True),
    sa.Column('ticket_id', sa.Integer(), nullable=True),
    sa.Column('history', sa.JSON(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['hall_id'], ['halls.id'], name=op.f('fk_appointments_hall_id_halls')),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], name=op.f('fk_appointments_ticket_id_tickets')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_appointments')),
    sa.UniqueConstraint('hall_id', 'code', name='uq_appointments_hall_code')
    )
    with op.batch_alter_table('appointments', schema=None) as batch_op:
        batch_op.create_index('ix_appointments_hall_day', ['hall_id', 'day', 'service_code'], unique=False)
        batch_op.create_index('ix_appointments_hall_id_hash', ['hall_id', 'id_hash'], unique=False)

    op.create_table('cases',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('hall_id', sa.String(length=40), nullable=False),
    sa.Column('number', sa.String(length=20), nullable=False),
    sa.Column('service_code', sa.String(length=40), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=True),
    sa.Column('window_id', sa.Integer(), nullable=True),
    sa.Column('accepted_at', server.adapters.tables.UtcDateTime(), nullable=False),
    sa.Column('accepted_on', sa.Date(), nullable=False),
    sa.Column('promised_days', sa.Integer(), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('id_hash', sa.String(length=64), nullable=True),
    sa.Column('id_masked', sa.String(length=20), nullable=True),
    sa.Column('name_masked', sa.String(length=60), nullable=True),
    sa.Column('materials', sa.JSON(), nullable=False),
    sa.Column('missing', sa.JSON(), nullable=False),
    sa.Column('promise_date', sa.Date(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('remedy', sa.Text(), nullable=False),
    sa.Column('delivery', sa.String(length=10), nullable=True),
    sa.Column('tracking', sa.String(length=60), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['hall_id'], ['halls.id'], name=op.f('fk_cases_hall_id_halls')),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], name=op.f('fk_cases_ticket_id_tickets')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cases')),
    sa.UniqueConstraint('hall_id', 'number', name='uq_cases_hall_number')
    )
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.create_index('ix_cases_hall_id_hash', ['hall_id', 'id_hash'], unique=False)
        batch_op.create_index('ix_cases_hall_status', ['hall_id', 'status'], unique=False)

    op.create_table('case_steps',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('hall_id', sa.String(length=40), nullable=False),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('at', server.adapters.tables.UtcDateTime(), nullable=False),
    sa.Column('from_status', sa.String(length=20), nullable=True),
    sa.Column('to_status', sa.String(length=20), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_steps_case_id_cases')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_steps'))
    )
    with op.batch_alter_table('case_steps', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_steps_case_id'), ['case_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('case_steps', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_steps_case_id'))

    op.drop_table('case_steps')
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index('ix_cases_hall_status')
        batch_op.drop_index('ix_cases_hall_id_hash')

    op.drop_table('cases')
    with op.batch_alter_table('appointments', schema=None) as batch_op:
        batch_op.drop_index('ix_appointments_hall_id_hash')
        batch_op.drop_index('ix_appointments_hall_day')

    op.drop_table('appointments')
    op.drop_table('hall_policies')
