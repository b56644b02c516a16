"""disclosure settings (issue 16): a meeting's seats per group (fake phones freeze a
group instead of filling it up to K), whether a small group's identical answers may be
shown, and when the read-only presenter link was made (it expires).

Revision ID: f1a2b3c4d5e6
Revises: e5c2a9f7b1d4
Create Date: 2026-12-04 16:40:00.000000

"""
import sqlalchemy as sa
from alembic import op

import app.models.base

# revision identifiers, used by Alembic.
revision = 'f1a2b3c4d5e6'
down_revision = 'e5c2a9f7b1d4'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.add_column(sa.Column('seats', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('show_same', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('presenter_made_at', app.models.base.UTCDateTime(timezone=True), nullable=True))
    # An existing link counts as made now: it keeps working until a day after its meeting closes.
    op.execute(sa.text("UPDATE meeting SET presenter_made_at = CURRENT_TIMESTAMP WHERE presenter_token IS NOT NULL"))


def downgrade():
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.drop_column('presenter_made_at')
        batch_op.drop_column('show_same')
        batch_op.drop_column('seats')
