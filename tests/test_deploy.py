"""deploy/ says only true things: its units run commands the app has, its env template
names settings the code reads, its Caddyfile is valid for Debian's Caddy and does not
compress a second time; the licence and publiccode.yml agree."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"


def test_every_unit_runs_a_command_the_app_has(app):
    units = sorted(DEPLOY.glob("allo-*.service"))
    assert {u.stem for u in units} == {"allo-send-due", "allo-purge-texts", "allo-refresh-dashboard"}
    for unit in units:
        command = re.search(r"^ExecStart=\S+/flask --app app (\S+)", unit.read_text(), re.M)[1]
        assert command in app.cli.commands, command
        assert unit.with_suffix(".timer").exists()
        assert "EnvironmentFile=/etc/allo/env" in unit.read_text()
    server = (DEPLOY / "allo@.service").read_text()
    assert 'gunicorn -c gunicorn.conf.py "app:create_app()"' in server and "PORT=%i" in server


def test_the_env_template_names_only_settings_the_code_reads():
    code = "".join(p.read_text() for p in [ROOT / "config.py", ROOT / "gunicorn.conf.py"])
    names = re.findall(r"^([A-Z_]+)=", (DEPLOY / "allo.env.example").read_text(), re.M)
    assert "SECRET_KEY" in names and "PUBLIC_URL" in names
    unread = [n for n in names if f'"{n}"' not in code]
    assert unread == []


@pytest.mark.skipif(not shutil.which("caddy"), reason="make caddy installs Caddy")
def test_the_caddyfile_is_valid_and_leaves_compression_to_the_app():
    env = {**os.environ, "ALLO_DOMAIN": "allo.example.be", "ALLO_TLS": "it@example.be",
           "ALLO_UPSTREAMS": "127.0.0.1:8001 127.0.0.1:8002"}
    command = ["caddy", "adapt", "--config", str(DEPLOY / "Caddyfile"), "--adapter", "caddyfile"]
    adapted = subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout
    assert '"dial":"127.0.0.1:8001"' in adapted and '"dial":"127.0.0.1:8002"' in adapted
    assert '"encode"' not in adapted  # the app compresses; twice would only cost time
    assert '"request\\u003eremote_ip":{"filter":"delete"}' in adapted


def test_the_licence_and_publiccode_agree():
    assert (ROOT / "LICENSE").read_text().lstrip().startswith("EUROPEAN UNION PUBLIC LICENCE v. 1.2")
    meta = yaml.safe_load((ROOT / "publiccode.yml").read_text())
    assert meta["legal"]["license"] == "EUPL-1.2"
    assert set(meta["localisation"]["availableLanguages"]) == {"nl", "fr", "en"}
    for language in ("nl", "en"):
        assert len(meta["description"][language]["longDescription"]) >= 150
