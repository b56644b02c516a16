"""No participant's address in the server's logs."""

import urllib.request


def test_access_log_has_no_client_address(live_server):
    urllib.request.urlopen(live_server["url"] + "/healthz?probe=address-check", timeout=5).read()
    lines = [line for line in live_server["log"].read_text().splitlines() if "address-check" in line]
    assert lines, "the request was not logged at all"
    assert all("127.0.0.1" not in line for line in lines), lines
    assert lines[-1].startswith("- - - ["), lines[-1]
