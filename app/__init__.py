"""ALLO?! Review: anonymous active reviewing of encounters between youngsters and police.

The app is one package per domain (README, "Layout"): phone/ (the participant's way in),
meetings/ (meetings, prompts and their kinds), live/ (presenter, pacing, moderation),
results/ (the disclosure rule, charts, exports), network/ (organisations, series,
barometer, dashboard), followups/ (follow-up reviews and push), auth/ (accounts) and
ops/ (headers, logs, command-line tasks). All wiring happens here, in create_app."""

from flask import Flask
from flask_babel import get_locale
from werkzeug.middleware.proxy_fix import ProxyFix

from config import BASE_DIR, INSTANCE_DIR, Config, instance_secret_key


def create_app(config_class=Config, **overrides) -> Flask:
    """Application factory: config, extensions, blueprints, error handlers, CLI."""
    from app.ops import static_files

    app = Flask(
        __name__,
        instance_path=str(INSTANCE_DIR),
        static_folder="../static",
        static_url_path=static_files.url_path(),  # /static/v/<hash of the tree>
        template_folder="../templates",
    )
    app.config.from_object(config_class)
    app.config.update(overrides)
    INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
    if app.config["TRUSTED_PROXIES"]:
        # Behind N reverse proxies the client is the Nth address from the right of
        # X-Forwarded-For; without this every phone would share the proxy's address.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=app.config["TRUSTED_PROXIES"])
    app.config["SECRET_KEY"] = app.config.get("SECRET_KEY") or instance_secret_key()

    from app.extensions import babel, csrf, db, migrate, select_locale

    db.init_app(app)
    migrate.init_app(app, db, directory=str(BASE_DIR / "migrations"))
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)

    register_views(app)
    csrf.exempt(app.blueprints["api"])  # the API has its own guard: device tokens and origin checks

    from app import errors, meetings
    from app.followups import views as followup_views
    from app.live import moderation, step
    from app.meetings import views as meeting_views
    from app.network.dashboard import filters, summary
    from app.network.views import people
    from app.ops import compression, limits, logs, metrics, security
    from app.results import charts, linked_charts

    errors.register(app)
    security.init_app(app)
    limits.init_app(app)  # after the blueprints: limits go on their endpoints
    step.init_app(app)
    # base.html writes the page's language (<html lang>) on every page.
    app.jinja_env.globals["get_locale"] = get_locale
    app.jinja_env.globals.update(charts.TEMPLATE_GLOBALS, **linked_charts.TEMPLATE_GLOBALS)
    app.jinja_env.filters.update(charts.TEMPLATE_FILTERS, period_name=filters.period_name)
    # The meeting page's sections that other domains fill in.
    app.jinja_env.globals.update(moderation_pending=moderation.pending_total,
                                 network_hosting=people.meeting_hosting,
                                 followup_section=followup_views.section)
    app.context_processor(meeting_views.workspace)  # every facilitator page, whatever its domain
    register_commands(app)
    meetings.closed.connect(summary.on_close)
    logs.init_app(app)
    security.warn_plain_http(app)
    compression.init_app(app)  # pages and JSON: brotli or gzip
    metrics.init_app(app)  # /metrics (after compression: its counters read the bodies first)
    static_files.init_app(app, security.static_headers(app))  # WhiteNoise: precompressed, immutable
    return app


def register_views(app: Flask) -> None:
    """Every view module, by domain; each registers its routes on its package's blueprint."""
    from app.auth.views import account, login, reset  # noqa: F401
    from app.followups import loop_views
    from app.followups import views as followup_views
    from app.live.views import cockpit, controls, moderation, presenter, presenter_link  # noqa: F401
    from app.meetings.views import deletion, kiosk, library, linked_prompts, paper, prompts  # noqa: F401
    from app.meetings.views import meetings as meeting_views  # noqa: F401
    from app.network.views import dashboard, people, practice_log, second_factor, series  # noqa: F401
    from app.phone.api import answers, openapi, push  # noqa: F401
    from app.phone.api import meetings as meeting_api  # noqa: F401
    from app.phone.views import accessibility, pages, privacy, pwa  # noqa: F401
    from app.results.views import exports, report  # noqa: F401

    blueprints = (
        pages.bp, pwa.bp, answers.bp,                   # the phone: pages, root files, API
        meeting_views.bp, presenter.bp, presenter_link.bp, exports.bp,  # meetings, live, results
        dashboard.bp, people.bp, followup_views.bp,    # network: dashboard and /n pages; follow-ups
        loop_views.bp,                                  # "you said -> we did"
        login.bp,                                       # accounts
    )
    for blueprint in blueprints:
        app.register_blueprint(blueprint)


def register_commands(app: Flask) -> None:
    from app.followups import cli as followup_cli
    from app.network import cli as network_cli
    from app.ops import backup
    from app.ops import cli as ops_cli

    for command in ops_cli.COMMANDS + backup.COMMANDS + network_cli.COMMANDS + followup_cli.COMMANDS:
        app.cli.add_command(command)
