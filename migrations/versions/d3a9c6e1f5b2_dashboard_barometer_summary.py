"""dashboard summary (issue 5): barometer_summary (per meeting, what its dashboard numbers
were computed from) and barometer_summary_cell (per meeting, group and dimension: people
scored and the sum of their scores), so the dashboard only adds meetings up

Revision ID: d3a9c6e1f5b2
Revises: b7d2e4f19a30
Create Date: 2026-11-24 20:05:00.000000

"""
from alembic import op
import sqlalchemy as sa
import app.models.base  # noqa: F401 - custom column types


# revision identifiers, used by Alembic.
revision = 'd3a9c6e1f5b2'
down_revision = 'b7d2e4f19a30'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('barometer_summary',
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('answers', sa.Integer(), nullable=False),
    sa.Column('last_answer_id', sa.Integer(), nullable=True),
    sa.Column('last_received_at', app.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('youngsters', sa.Integer(), nullable=False),
    sa.Column('officers', sa.Integer(), nullable=False),
    sa.Column('refreshed_at', app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_barometer_summary_meeting_id_meeting'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('meeting_id', name=op.f('pk_barometer_summary'))
    )
    op.create_table('barometer_summary_cell',
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('group', sa.String(length=20), nullable=False),
    sa.Column('dimension', sa.String(length=20), nullable=False),
    sa.Column('people', sa.Integer(), nullable=False),
    sa.Column('total', sa.Float(), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['barometer_summary.meeting_id'], name=op.f('fk_barometer_summary_cell_meeting_id_barometer_summary'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('meeting_id', 'group', 'dimension', name=op.f('pk_barometer_summary_cell'))
    )


def downgrade():
    op.drop_table('barometer_summary_cell')
    op.drop_table('barometer_summary')
