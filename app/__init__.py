"""ALLO?! Review: anonymous active reviewing of encounters between youngsters and police."""

from flask import Flask
from flask_babel import get_locale

from config import BASE_DIR, INSTANCE_DIR, Config


def create_app(config_class=Config, **overrides) -> Flask:
    """Application factory: config, extensions, blueprints, CLI."""
    app = Flask(
        __name__,
        instance_path=str(INSTANCE_DIR),
        static_folder="../static",
        template_folder="../templates",
    )
    app.config.from_object(config_class)
    app.config.update(overrides)
    INSTANCE_DIR.mkdir(parents=True, exist_ok=True)

    from app.extensions import babel, csrf, db, migrate, select_locale

    db.init_app(app)
    migrate.init_app(app, db, directory=str(BASE_DIR / "migrations"))
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)

    from app import api, auth, cli, facilitator, join, limits, logs, network, presenter, pwa, security
    from app.results import charts

    for blueprint in (api.bp, auth.bp, facilitator.bp, join.bp, network.bp, presenter.bp, pwa.bp):
        app.register_blueprint(blueprint)
    csrf.exempt(api.bp)  # the API has its own guard: device tokens and origin checks
    # base.html writes the page's language (<html lang>) on every page.
    app.jinja_env.globals["get_locale"] = get_locale
    security.init_app(app)
    limits.init_app(app)  # after the blueprints: limits go on their endpoints
    charts.init_app(app)
    cli.init_app(app)
    logs.init_app(app)
    security.warn_plain_http(app)
    return app
