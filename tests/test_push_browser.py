"""The service worker's side of web push (issue 6), in Chromium: a push message,
delivered through the DevTools protocol as a push service would, shows the
follow-up notification; tapping it opens the follow-up, and only a page of this site."""

import json

import pytest

from app import followups
from tests.browser import PHONE, wait_for

NOTIFICATIONS = """async () => (await (await navigator.serviceWorker.ready).getNotifications())
  .map((n) => ({title: n.title, body: n.body, tag: n.tag, url: n.data && n.data.url}))"""


@pytest.mark.browser
def test_a_push_shows_the_follow_up_and_a_tap_opens_it(browser, live_server, make):
    url = live_server["url"]
    meeting = make.meeting(kinds=("scale",))
    followup = followups.schedule(meeting, 0, [("scale", {"nl": "Hoe gaat het nu?"})])  # open now
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True, base_url=url)
    try:
        context.grant_permissions(["notifications"], origin=url)
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        registrations = []
        cdp.on("ServiceWorker.workerRegistrationUpdated",
               lambda event: registrations.extend(event["registrations"]))
        cdp.send("ServiceWorker.enable")
        page.goto(f"/j/{meeting.token}")
        page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=10_000)
        registration = wait_for(lambda: next(
            (r for r in registrations if r["scopeURL"] == url + "/" and not r["isDeleted"]), None))

        message = {"title": "ALLO?! Nog één vraag", "body": "Hoe gaat het sinds “Test meeting”?",
                   "url": f"/j/{followup.token}?g=officer", "tag": f"allo-followup-{followup.id}"}
        cdp.send("ServiceWorker.deliverPushMessage", {
            "origin": url, "registrationId": registration["registrationId"], "data": json.dumps(message)})
        shown = wait_for(lambda: page.evaluate(NOTIFICATIONS))
        assert shown == [{"title": message["title"], "body": message["body"], "tag": message["tag"],
                          "url": f"{url}/j/{followup.token}?g=officer"}]

        # The tap: the worker's own notificationclick handler, with openWindow recorded.
        [worker] = context.service_workers
        opened = worker.evaluate("""async () => {
          const opened = [];
          self.clients.openWindow = async (target) => { opened.push(target); return null; };
          self.clients.matchAll = async () => [];
          const [notification] = await self.registration.getNotifications();
          try {
            self.dispatchEvent(new NotificationEvent("notificationclick", { notification }));
          } catch (untrusted) { /* waitUntil refuses a synthetic event: the handler still ran */ }
          for (let i = 0; i < 50 && !opened.length; i++) await new Promise((r) => setTimeout(r, 20));
          return { opened, left: (await self.registration.getNotifications()).length };
        }""")
        assert opened == {"opened": [f"{url}/j/{followup.token}?g=officer"], "left": 0}
        # A payload cannot send the phone to another site.
        assert worker.evaluate("notificationTarget('https://evil.example/x')") == url + "/"
        assert worker.evaluate("notificationTarget('/j/abc?g=youngster')") == url + "/j/abc?g=youngster"

        # The follow-up itself: opened from the notification, the phone joins as that group at once.
        page.goto(f"/j/{followup.token}?g=officer")
        page.get_by_text("Hoe gaat het nu?").wait_for(timeout=10_000)
        record = page.evaluate(f"JSON.parse(localStorage.getItem('allo:{followup.token}'))")
        assert record["group"] == "officer" and record["device_token"]
    finally:
        context.close()
