"""documents.type_evidence: what decided a document's type (hard evidence, model, open set)

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-07 01:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('type_evidence', sa.String(length=255), nullable=True))


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_column('type_evidence')
