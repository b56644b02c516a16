"""A push service on loopback, and a browser's subscription keys, to see what the
server sends a push service: the VAPID token checked, the body decrypted."""

import base64
import json
import os
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class PushService:
    """A push service on 127.0.0.1: records every request; answers 201, or the
    status set for a path (404/410 for an expired subscription, 500...). A subclass
    may answer otherwise (answer())."""

    def __init__(self, delay: float = 0.0):
        self.requests, self.status, self.delay = [], {}, delay
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                time.sleep(service.delay)
                service.requests.append({"path": self.path, "body": body,
                                         "headers": {k.lower(): v for k, v in self.headers.items()}})
                status, headers = service.answer(self.path)
                self.send_response(status)
                for name, value in {**headers, "Content-Length": "0"}.items():
                    self.send_header(name, value)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def answer(self, path: str) -> tuple[int, dict]:
        """The status and headers of the reply to a request for path."""
        return self.status.get(path, 201), {}

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class Browser:
    """A subscription's keys, as a browser makes them: a P-256 pair and a 16-byte secret."""

    def __init__(self, service: PushService, name: str):
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.auth = os.urandom(16)
        self.path = f"/push/{name}"
        self.endpoint = service.url + self.path

    def subscription(self) -> dict:
        public = self.key.public_key().public_bytes(serialization.Encoding.X962,
                                                    serialization.PublicFormat.UncompressedPoint)
        return {"endpoint": self.endpoint, "keys": {"p256dh": b64url(public), "auth": b64url(self.auth)}}

    def open(self, request) -> dict:
        """Verify the VAPID token (RFC 8292) and decrypt the message (RFC 8291)."""
        scheme, _, params = request["headers"]["authorization"].partition(" ")
        assert scheme == "vapid"
        fields = dict(part.strip().split("=", 1) for part in params.split(","))
        header, claims, signature = fields["t"].split(".")
        public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64(fields["k"]))
        raw = unb64(signature)
        assert len(raw) == 64
        der = encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
        public.verify(der, f"{header}.{claims}".encode(), ec.ECDSA(hashes.SHA256()))  # raises if forged
        assert json.loads(unb64(header)) == {"typ": "JWT", "alg": "ES256"}
        claimed = json.loads(unb64(claims))
        assert request["headers"]["content-encoding"] == "aes128gcm"
        plain = http_ece.decrypt(request["body"], private_key=self.key, auth_secret=self.auth,
                                 version="aes128gcm")
        return {"key": fields["k"], "claims": claimed, "message": json.loads(plain),
                "ttl": int(request["headers"]["ttl"])}
