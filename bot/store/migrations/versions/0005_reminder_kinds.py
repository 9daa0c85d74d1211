"""several reminders per person, each with a kind; one-off reminders; appointment notes

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26 10:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('rg_appointment_notes',
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['rg_users.id'], name=op.f('fk_rg_appointment_notes_user_id_rg_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rg_appointment_notes'))
    )
    with op.batch_alter_table('rg_appointment_notes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rg_appointment_notes_user_id'), ['user_id'], unique=False)
    with op.batch_alter_table('rg_reminders', schema=None) as batch_op:
        batch_op.drop_constraint('uq_rg_reminders_user_id', type_='unique')
        batch_op.add_column(sa.Column('kind', sa.String(length=16), nullable=False, server_default='checkin'))
        batch_op.add_column(sa.Column('once_at', sa.DateTime(), nullable=True))
        batch_op.create_index(batch_op.f('ix_rg_reminders_user_id'), ['user_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('rg_appointment_notes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rg_appointment_notes_user_id'))
    op.drop_table('rg_appointment_notes')
    with op.batch_alter_table('rg_reminders', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rg_reminders_user_id'))
        batch_op.drop_column('once_at')
        batch_op.drop_column('kind')
        batch_op.create_unique_constraint('uq_rg_reminders_user_id', ['user_id'])
