"""Paper answer sheets (issue 20, part 2): a participant is a phone or an entered paper
sheet; a sheet's printed number is unique per meeting, so no sheet is entered twice.

Revision ID: e9a1b2c3d4f5
Revises: d8f0a1b2c3e4
Create Date: 2026-12-05 08:05:00.000000

"""
import sqlalchemy as sa
from alembic import op

revision = 'e9a1b2c3d4f5'
down_revision = 'd8f0a1b2c3e4'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.add_column(sa.Column('source', sa.String(length=8), nullable=False, server_default='phone'))
        batch_op.add_column(sa.Column('sheet', sa.Integer(), nullable=True))
        batch_op.create_unique_constraint('uq_participant_meeting_sheet', ['meeting_id', 'sheet'])


def downgrade():
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.drop_constraint('uq_participant_meeting_sheet', type_='unique')
        batch_op.drop_column('sheet')
        batch_op.drop_column('source')
