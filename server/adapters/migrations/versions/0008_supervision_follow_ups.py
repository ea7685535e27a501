"""supervision: follow-up deadlines and reports (issue 7)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 10:45:00.000000
"""

from __future__ import annotations


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
