"""sign-in lockout and rate limits (issue 9)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 10:45:00.000000
"""

from __future__ import annotations


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
