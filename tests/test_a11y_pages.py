"""Every kind of page, checked in Chromium at 390×844 (a facilitator's phone):

- axe-core finds no violation of WCAG 2.0/2.1/2.2 A and AA on it (any impact);
- nothing is wider than the screen (no sideways scrolling).

The pages are every GET page of tests/routes.py, in the world built there (a meeting with
a prompt of every kind, a pending open answer, a series, a practice-log entry…), seen by a
network admin, who may see them all. A new page that is not listed here fails
test_every_page_is_listed, so it gets checked too."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from app.extensions import db
from app.models import Organisation
from tests.routes import PASSWORD, ROUTES, World, fast_user, rules

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# The HTML pages, by who sees them; the query string some need.
PUBLIC = ["join.home", "join.meeting", "join.privacy", "auth.login", "auth.reset_password",
          "network.welcome", "join.accessibility", "join.said_did"]
LOGGED_IN = {
    "meetings.index": "", "meetings.meeting": "", "live.moderation_page": "", "live.cockpit": "",
    "live.present": "",
    "meetings.edit_prompt": "", "meetings.new_prompt": "kind=scale", "results.report": "",
    "meetings.delete_meeting_page": "", "presenter.present": "",
    "network.organisations_page": "", "network.users": "", "auth.account": "",
    "network.series_list": "", "network.series_page": "", "network.practice_log": "",
    "network.new_practice": "", "network.practice_entry": "", "network.edit_practice": "",
    "meetings.library_index": "", "dashboard.dashboard_page": "",
    "loop.hosts_page": "", "loop.present": "", "loop.present_by_link": "",
    "meetings.paper_page": "", "meetings.paper_sheets": "start=1&count=2",
}
# GET routes that are no page: files, fragments, exports, the API, redirects.
NOT_PAGES = {
    "static", "join.enter_code", "pwa.healthz", "pwa.manifest", "pwa.service_worker", "auth.login_code",
    "api.openapi", "api.show_meeting", "api.follow_step", "api.my_answers", "meetings.counts",
    "results.export_csv",
    "results.export_json", "live.moderation_lists", "live.present_live", "presenter.live_fragment",
    "meetings.library_export_builtin", "meetings.library_export", "dashboard.dashboard_csv",
    "dashboard.dashboard_svg", "prometheus_metrics", "dashboard.codebook_csv",
    # Without its device's kiosk cookie it redirects to the participant page (swept above);
    # with it, it is that page plus one line (tests/test_kiosk_browser.py).
    "join.kiosk_page",
}
# The projector's pages are made for 1920×1080, the paper sheets for A4: on a phone they may be wider.
WIDE_OK = {"live.present", "presenter.present", "loop.present", "loop.present_by_link",
           "meetings.paper_sheets"}


def test_every_page_is_listed(app):
    gets = {endpoint for endpoint in ROUTES for rule in rules(app, endpoint) if "GET" in rule.methods}
    unlisted = gets - set(PUBLIC) - set(LOGGED_IN) - NOT_PAGES
    assert not unlisted, f"pages the accessibility sweep does not visit: {sorted(unlisted)}"


def axe_violations(page) -> list[str]:
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
    return [f"{v['id']} ({v['impact']}): {v['help']} — "
            + "; ".join(" ".join(node["target"]) for node in v["nodes"][:4])
            for v in results.response["violations"]]


def wider_than_the_screen(page) -> list[str]:
    """The page's width, and the elements that stick out on the right, if any."""
    return page.evaluate("""() => {
        const width = document.documentElement.clientWidth;
        if (document.documentElement.scrollWidth <= width) return [];
        const out = [...document.querySelectorAll("body *")]
          .filter((el) => el.getBoundingClientRect().right > width + 1
                  && !el.closest("[data-scroll], .table-scroll"))
          .slice(0, 5).map((el) => el.tagName.toLowerCase() + (el.className ? "." + el.className : "")
                              + " " + Math.round(el.getBoundingClientRect().right) + "px");
        return [`${document.documentElement.scrollWidth}px wide`, ...out];
    }""")


@pytest.fixture(scope="module")
def sweep(app, browser, live_server):
    """Visit every page once: {endpoint: (axe violations, overflow)}."""
    with app.app_context():
        org = Organisation(name="Politiezone Aalst", kind="police_zone")
        db.session.add(org)
        db.session.commit()
        world = World(fast_user(org, role="network_admin"))
        paths = {name: world.path(rules(app, name)[0], name) for name in [*PUBLIC, *LOGGED_IN]}
        email = world.owner.email
        db.session.remove()
    found = {}
    context = browser.new_context(viewport=PHONE, base_url=live_server["url"], locale="nl-BE",
                                  has_touch=True, is_mobile=True)
    page = context.new_page()
    for endpoint in PUBLIC:
        found[endpoint] = visit(page, paths[endpoint])
    page.goto("/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/f/")
    for endpoint, query in LOGGED_IN.items():
        found[endpoint] = visit(page, paths[endpoint] + (f"?{query}" if query else ""))
    found["errors.not_found"] = visit(page, "/f/meetings/999999")
    context.close()
    return found


def visit(page, path: str):
    page.goto(path)
    page.wait_for_load_state("load")
    return axe_violations(page), wider_than_the_screen(page)


def test_axe_finds_nothing_on_any_page(sweep):
    bad = {endpoint: problems for endpoint, (problems, _wide) in sweep.items() if problems}
    assert not bad, "\n".join(f"{name}:\n  " + "\n  ".join(problems) for name, problems in bad.items())


def test_no_page_is_wider_than_a_phone(sweep):
    wide = {endpoint: found for endpoint, (_axe, found) in sweep.items() if found and endpoint not in WIDE_OK}
    assert not wide, "\n".join(f"{endpoint}: {', '.join(found)}" for endpoint, found in wide.items())


def test_the_login_is_made_for_a_phone(phone):
    """The logo, a language switch, fields and a button big enough for a thumb (>= 44 px)."""
    phone.goto("/login?lang=nl")
    assert phone.locator("header img[src$='icon.svg']").count() == 1
    assert phone.get_by_role("link", name="Français").get_attribute("href").endswith("lang=fr")
    for box in (phone.locator("#email").bounding_box(), phone.locator("#password").bounding_box(),
                phone.get_by_role("button", name="Aanmelden").bounding_box()):
        assert box["height"] >= 44 and box["width"] >= 300, box
    phone.get_by_role("link", name="Français").click()
    assert phone.get_by_role("heading", level=1).inner_text() != "Aanmelden"
