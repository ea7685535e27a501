"""consented face templates for appointment check-in (issue 6)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 10:45:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import server.adapters.tables


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('services', schema=None) as batch_op:
        batch_op.add_column(sa.Column('identity_check', sa.Boolean(), nullable=False,
                                      server_default='0'))
    op.create_table('face_templates',
    sa.Column('appointment_id', sa.Integer(), nullable=False),
    sa.Column('hall_id', sa.String(length=40), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('sealed', sa.LargeBinary(), nullable=False),
    sa.Column('consented_at', server.adapters.tables.UtcDateTime(), nullable=False),
    sa.Column('expires_at', server.adapters.tables.UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['appointment_id'], ['appointments.id'], name=op.f('fk_face_templates_appointment_id_appointments')),
    sa.PrimaryKeyConstraint('appointment_id', name=op.f('pk_face_templates'))
    )
    with op.batch_alter_table('face_templates', schema=None) as batch_op:
        batch_op.create_index('ix_face_templates_hall_day', ['hall_id', 'day'], unique=False)
        batch_op.create_index('ix_face_templates_expires_at', ['expires_at'], unique=False)
    op.create_table('help_requests',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('hall_id', sa.String(length=40), nullable=False),
    sa.Column('device_id', sa.Integer(), nullable=False),
    sa.Column('at', server.adapters.tables.UtcDateTime(), nullable=False),
    sa.Column('reason', sa.String(length=30), nullable=False),
    sa.Column('service_code', sa.String(length=40), nullable=True),
    sa.Column('ticket_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], name=op.f('fk_help_requests_ticket_id_tickets')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_help_requests'))
    )
    with op.batch_alter_table('help_requests', schema=None) as batch_op:
        batch_op.create_index('ix_help_requests_hall_at', ['hall_id', 'at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('help_requests', schema=None) as batch_op:
        batch_op.drop_index('ix_help_requests_hall_at')
    op.drop_table('help_requests')
    with op.batch_alter_table('face_templates', schema=None) as batch_op:
        batch_op.drop_index('ix_face_templates_expires_at')
        batch_op.drop_index('ix_face_templates_hall_day')
    op.drop_table('face_templates')
    with op.batch_alter_table('services', schema=None) as batch_op:
        batch_op.drop_column('identity_check')
