"""After login a facilitator goes back where they were, and never to another site
(app/auth/next_page.py): the `next` target is read as a browser would read it."""

import pytest

from tests import factories

# Each of these is another site, or garbage, once a browser has cleaned it up.
NASTY = [
    "//evil.example",
    "/%09/evil.example",
    "/%0a/evil.example",
    "/%0d/evil.example",
    "/%0d%0a/evil.example",
    "%09//evil.example",
    "%20//evil.example",
    "%00//evil.example",
    "/%00/evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/%5cevil.example",
    "https://evil.example/",
    "https:evil.example",
    "javascript:alert(1)",
    "//evil.example/%2F..",
    "evil.example",
    "/%09%09/evil.example",
    "/%0a%0d%09/evil.example",
]


def log_in_with_next(client, make, target: str):
    user = make.user()
    return client.post_form(f"/login?next={target}",
                            {"email": user.email, "password": factories.PASSWORD})


@pytest.mark.parametrize("target", NASTY)
def test_a_login_never_sends_the_facilitator_to_another_site(client, make, target):
    response = log_in_with_next(client, make, target)
    assert response.status_code == 302
    assert response.location == "/f/"


@pytest.mark.parametrize("target", ["/f/", "/f/meetings/3", "/n/users?page=2"])
def test_a_login_goes_back_to_the_page_on_this_site_it_came_from(client, make, target):
    response = log_in_with_next(client, make, target)
    assert response.status_code == 302
    assert response.location == target


@pytest.mark.parametrize(("target", "read"), [("/f/%09meetings", "/f/meetings"),
                                              ("/f/%0aSet-Cookie:x=1", "/f/Set-Cookie:x=1")])
def test_a_tab_or_newline_in_a_path_is_dropped_as_the_browser_drops_it(client, make, target, read):
    response = log_in_with_next(client, make, target)
    assert response.status_code == 302 and response.location == read
