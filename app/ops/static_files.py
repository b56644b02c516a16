"""Static files, served by WhiteNoise in front of the app (no proxy needed).

Every page names its CSS, JS and pictures under /static/v/<version>/..., where the
version is a hash of the whole static tree: such a URL never changes its content, so
it is sent with a far-future `immutable` Cache-Control, precompressed (brotli and gzip
files made once per version into instance/static/<version>/). Relative ES module
imports stay inside one version. The plain /static/... stays served too (the service
worker's importScripts, push icons, the manifest's icons), revalidated on every use.
In debug mode (`make dev`) the source folder is served as it is, uncached."""

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

from flask import Flask
from whitenoise import WhiteNoise
from whitenoise.compress import Compressor

from config import BASE_DIR, INSTANCE_DIR

SOURCE = BASE_DIR / "static"
PREFIX = "/static/v/"


def version(root: Path = SOURCE) -> str:
    """A hash of every file's path and bytes under root."""
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def url_path(root: Path = SOURCE) -> str:
    """Flask's static_url_path: url_for('static', ...) names the versioned URL."""
    return PREFIX + version(root)


def build(root: Path, target: Path) -> Path:
    """A copy of root with .br and .gz beside every file that compresses well, made
    once: built in a temporary folder and renamed, so gunicorn workers starting at
    once never see half of it."""
    if target.is_dir():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".build-", dir=target.parent))
    shutil.copytree(root, tmp, dirs_exist_ok=True)
    compressor = Compressor(quiet=True)
    for path in [p for p in tmp.rglob("*") if p.is_file()]:
        if compressor.should_compress(path.name):
            for _ in compressor.compress(str(path)):
                pass
    try:
        os.rename(tmp, target)
    except OSError:  # another worker was first: its copy is the same
        shutil.rmtree(tmp, ignore_errors=True)
    return target


def init_app(app: Flask, headers) -> None:
    """WhiteNoise in front of the app. `headers(headers, path, url)` adds the response
    headers every response of the app carries (app/ops/security.py)."""
    url = app.static_url_path.rstrip("/") + "/"
    built = INSTANCE_DIR / "static" / url.removeprefix(PREFIX).strip("/")
    root = SOURCE if app.debug else build(SOURCE, built)

    def immutable(path, url):
        return not app.debug and url.startswith(PREFIX)
    served = WhiteNoise(app.wsgi_app, root=str(root), prefix=url, max_age=0, autorefresh=app.debug,
                        immutable_file_test=immutable, add_headers_function=headers,
                        allow_all_origins=False)
    served.add_files(str(root), prefix="/static/")
    app.wsgi_app = served
