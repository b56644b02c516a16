"""leaner answer writes (issue 7): answer.uuid loses its unique index (every answer's
UUID is the key of its receipt, unique there already), and on SQLite receipt becomes a
WITHOUT ROWID table keyed by its UUID (one B-tree, not a table and an index of the
UUID). Each answer then writes two pages fewer.

Revision ID: e5c2a9f7b1d4
Revises: 0185aa34b684
Create Date: 2026-11-25 01:10:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'e5c2a9f7b1d4'
down_revision = '0185aa34b684'
branch_labels = None
depends_on = None


def _sqlite() -> bool:
    return op.get_bind().dialect.name == 'sqlite'


def upgrade():
    with op.batch_alter_table('answer', schema=None) as batch_op:
        batch_op.drop_constraint('uq_answer_uuid', type_='unique')
    if _sqlite():
        with op.batch_alter_table('receipt', recreate='always',
                                  table_kwargs={'sqlite_with_rowid': False}) as batch_op:
            pass


def downgrade():
    if _sqlite():
        with op.batch_alter_table('receipt', recreate='always',
                                  table_kwargs={'sqlite_with_rowid': True}) as batch_op:
            pass
    with op.batch_alter_table('answer', schema=None) as batch_op:
        batch_op.create_unique_constraint('uq_answer_uuid', ['uuid'])
