"""The root files and the health check."""


def test_healthz_checks_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


def test_service_worker_is_served_from_the_root_uncached(client):
    response = client.get("/service_worker.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert "no-cache" in response.headers["Cache-Control"]


def test_manifest_is_served_from_the_root(client):
    response = client.get("/manifest.json")
    assert response.status_code == 200
    assert response.mimetype == "application/manifest+json"
    assert response.json["lang"] == "nl"


def test_migrations_match_the_models(app):
    """Autogenerate finds nothing to add: the migrations build exactly the models."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from app.extensions import db

    with app.app_context(), db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
        # What autogenerate does not compare: on SQLite, a receipt is one B-tree keyed
        # by its UUID (the hot path writes one page for it, not two).
        if conn.dialect.name == "sqlite":
            receipt = conn.exec_driver_sql("SELECT sql FROM sqlite_master WHERE name = 'receipt'").scalar()
            assert receipt.rstrip().endswith("WITHOUT ROWID")
    assert diff == []


def test_seed_demo_prints_login_and_join_url(runner, app):
    result = runner.invoke(args=["seed-demo", "--base-url", "http://127.0.0.1:5000"])
    assert result.exit_code == 0, result.output
    assert "demo@allo.example" in result.output
    assert "http://127.0.0.1:5000/j/" in result.output
    again = runner.invoke(args=["seed-demo"])
    assert again.exit_code == 0
    from app.extensions import db
    from app.models import Meeting

    with app.app_context():  # today's meeting is the one open (the past ones: tests/test_demo.py)
        assert db.session.query(Meeting).filter_by(status="open").count() == 1


def test_healthz_is_503_with_json_when_the_database_is_unreachable(tmp_path):
    """A load balancer takes a server out of rotation when its database is gone."""
    from app import create_app
    from config import TestingConfig

    broken = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/no/such/dir/x.db")
    response = broken.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.mimetype == "application/json"
    assert response.json == {"status": "error", "database": "unreachable"}
    assert "no such dir" not in response.get_data(as_text=True)
