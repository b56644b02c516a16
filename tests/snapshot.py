"""Rows built once and put back for each test.

A test module whose every test needs the same large set of rows (organisations, users,
meetings, answers, ...) builds it once per run; every later test, on the tables the
suite empties after each test, gets the same rows back with a few INSERTs instead of
hundreds of ORM commits. The builder returns ids and plain values only, never ORM
objects (those belong to the first test's session)."""

from sqlalchemy import Integer, insert, select

from app.extensions import db


def take() -> dict[str, list[dict]]:
    """Every row of every table of the app."""
    with db.engine.connect() as conn:
        return {table.name: [dict(row._mapping) for row in conn.execute(select(table))]
                for table in db.metadata.sorted_tables}


def put_back(rows: dict[str, list[dict]]) -> None:
    """Insert the rows taken (into empty tables), parents first; on PostgreSQL the id
    sequences then go on after the largest id, as after a build."""
    with db.engine.begin() as conn:
        for table in db.metadata.sorted_tables:
            if rows.get(table.name):
                conn.execute(insert(table), rows[table.name])
        if conn.dialect.name != "postgresql":
            return
        for table in db.metadata.sorted_tables:
            key = list(table.primary_key.columns)
            if len(key) == 1 and rows.get(table.name) and isinstance(key[0].type, Integer):
                conn.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', '{key[0].name}'), "
                    f"(SELECT MAX(\"{key[0].name}\") FROM \"{table.name}\"))")


class Snapshot:
    """snapshot = Snapshot(build); snapshot() -> what build() returned. The first call
    builds (on empty tables) and keeps every row; each later call puts them back."""

    def __init__(self, build):
        self.build = build
        self.rows = None
        self.value = None

    def __call__(self):
        if self.rows is None:
            self.value = self.build()
            db.session.commit()
            self.rows = take()
        else:
            put_back(self.rows)
        return self.value
