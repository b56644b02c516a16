"""answer seq (issue 18): the phone's own edit counter of the stored edit. For one
participant's answer to one prompt the edit with the highest seq wins whatever the
clocks say; 0 is an edit without one (an outbox of an older release), older than any.

Revision ID: a1b2c3d4e5f7
Revises: c7e1d2f3a4b5
Create Date: 2026-12-05 07:40:00.000000

"""
import sqlalchemy as sa
from alembic import op

revision = 'a1b2c3d4e5f7'
down_revision = 'c7e1d2f3a4b5'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('answer', schema=None) as batch_op:
        batch_op.add_column(sa.Column('seq', sa.Integer(), nullable=False, server_default='0'))


def downgrade():
    with op.batch_alter_table('answer', schema=None) as batch_op:
        batch_op.drop_column('seq')
