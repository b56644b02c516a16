"""prompts version (issue 17): the prompt-rules cache and the dashboard's summary are
keyed by the prompts' own version, not by the live view's, so a moderation click no
longer empties every process's prompt cache or marks the barometer summary stale.

Revision ID: c7e1d2f3a4b5
Revises: b9d0e1f2a3c4
Create Date: 2026-12-04 19:50:00.000000

"""
import sqlalchemy as sa
from alembic import op

revision = 'c7e1d2f3a4b5'
down_revision = 'b9d0e1f2a3c4'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.add_column(sa.Column('prompts_version', sa.Integer(), nullable=False, server_default='0'))
    # Summaries were made against the live version: let each be recomputed once.
    op.execute(sa.text("UPDATE barometer_summary SET version = -1"))


def downgrade():
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.drop_column('prompts_version')
