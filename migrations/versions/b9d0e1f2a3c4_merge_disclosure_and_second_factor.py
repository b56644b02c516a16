"""merge the branches of issues 16 and 21: disclosure settings, second factor

Revision ID: b9d0e1f2a3c4
Revises: f1a2b3c4d5e6, a7c3e91f2d40
Create Date: 2026-12-04 17:05:00.000000

"""

# revision identifiers, used by Alembic.
revision = 'b9d0e1f2a3c4'
down_revision = ('f1a2b3c4d5e6', 'a7c3e91f2d40')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
