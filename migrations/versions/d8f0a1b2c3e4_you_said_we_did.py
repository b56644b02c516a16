""""You said → we did" (issue 20, part 3): dated entries by host organisation per
series or meeting, moderated before participants and the projector see them.

Revision ID: d8f0a1b2c3e4
Revises: a1b2c3d4e5f7
Create Date: 2026-12-05 08:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

revision = 'd8f0a1b2c3e4'
down_revision = 'a1b2c3d4e5f7'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'loop_entry',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('series_id', sa.Integer(), nullable=True),
        sa.Column('meeting_id', sa.Integer(), nullable=True),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('author_id', sa.Integer(), nullable=True),
        sa.Column('happened_on', sa.Date(), nullable=False),
        sa.Column('said', sa.Text(), nullable=False),
        sa.Column('did', sa.Text(), nullable=False),
        sa.Column('answer_id', sa.Integer(), nullable=True),
        sa.Column('review', sa.String(length=10), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['series_id'], ['series.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['author_id'], ['user.id'], ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['answer_id'], ['answer.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_loop_entry_series_id', 'loop_entry', ['series_id'])
    op.create_index('ix_loop_entry_meeting_id', 'loop_entry', ['meeting_id'])


def downgrade():
    op.drop_index('ix_loop_entry_meeting_id', table_name='loop_entry')
    op.drop_index('ix_loop_entry_series_id', table_name='loop_entry')
    op.drop_table('loop_entry')
