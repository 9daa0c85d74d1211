"""a check-in's anxiety and sleep may be left out (NULL)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05 22:50:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('rg_checkins', schema=None) as batch_op:
        batch_op.alter_column('anxiety', existing_type=sa.Float(), nullable=True)
        batch_op.alter_column('sleep_hours', existing_type=sa.Float(), nullable=True)


def downgrade() -> None:
    # Fails while a check-in has a step left out: no value is invented for it (0 would read as calm, or no sleep).
    with op.batch_alter_table('rg_checkins', schema=None) as batch_op:
        batch_op.alter_column('sleep_hours', existing_type=sa.Float(), nullable=False)
        batch_op.alter_column('anxiety', existing_type=sa.Float(), nullable=False)
