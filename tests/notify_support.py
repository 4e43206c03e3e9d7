"""Local stand-ins for the digests' destinations, and a data set with something to say in each digest.

- `SmtpServer`: a real SMTP server (aiosmtpd) on 127.0.0.1 with STARTTLS (a self-signed
  certificate made here) and login, that keeps every message it receives.
- `WebhookServer`: an HTTP server on 127.0.0.1 standing in for Slack and Teams webhooks; each
  path answers from a script (status, headers, body, or a delay that makes the client time out).
- `seed_notify`: the metrics tests' tiny data set plus emails, translated and hostile review
  texts, an undecided and an insider-flagged five-star review, and one more evaluation.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import socket
import ssl
import threading
import time
from collections import defaultdict
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from sqlalchemy import Engine, insert, update

from sql.schema import agents, attributions, qa_evaluations, review_flags, reviews
from tests.test_metrics_seed import seed

SMTP_USER, SMTP_PASSWORD = "starboard", "s3cret-pass"
HOSTILE = ("<!channel> @here look <https://evil.example/x|click me> and [win](https://evil.example) "
           "<script>alert(1)</script> www.evil.example call +1 (555) 123-4567 or jane.doe@example.com")
TRANSLATED = ("Sofía fue muy amable, me llamó al 55 1234 5678", "Sofia was very kind, she called me on 55 1234 5678")
EMAILS = {"A1": "alice@north.example", "A2": "bob@north.example", "A3": "cara@south.example",
          "M1": "mona@north.example"}


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate and key for 127.0.0.1/localhost, written to `folder`."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=2))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost"),
                                                        x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = folder / "smtp-cert.pem", folder / "smtp-key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


class _Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], EmailMessage]] = []
        self.tls: list[bool] = []
        self.fail_next: list[str] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        if self.fail_next:
            return self.fail_next.pop(0)
        msg = message_from_bytes(envelope.original_content or envelope.content, policy=policy.default)
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), msg))  # type: ignore[arg-type]
        self.tls.append(session.ssl is not None)
        return "250 OK"


def _authenticate(server, session, envelope, mechanism, auth_data) -> AuthResult:
    ok = isinstance(auth_data, LoginPassword) and auth_data.login == SMTP_USER.encode() \
        and auth_data.password == SMTP_PASSWORD.encode()
    return AuthResult(success=ok, handled=False)  # handled=False: the server answers 535 itself


class SmtpServer:
    """aiosmtpd on 127.0.0.1 requiring STARTTLS and login; `inbox.messages` holds what arrived."""

    def __init__(self, folder: Path) -> None:
        self.cert, key = self_signed(folder)
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(self.cert, key)
        self.inbox = _Inbox()
        self.port = free_port()
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port, tls_context=context,
                                     require_starttls=True, auth_required=True, authenticator=_authenticate)

    def __enter__(self) -> SmtpServer:
        self.controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.controller.stop()


class WebhookServer:
    """HTTP on 127.0.0.1; `script[path]` lists answers (status, headers, body, delay_seconds) used in turn.

    A path with no script left answers 200 "ok". Every request is kept in `requests[path]` as JSON.
    """

    def __init__(self) -> None:
        self.script: dict[str, list[tuple[int, dict, str, float]]] = defaultdict(list)
        self.requests: dict[str, list[dict]] = defaultdict(list)
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                outer.requests[self.path].append(json.loads(body))
                status, headers, text, delay = (outer.script[self.path].pop(0) if outer.script[self.path]
                                                else (200, {}, "ok", 0.0))
                if delay:
                    time.sleep(delay)
                try:
                    self.send_response(status)
                    for k, v in headers.items():
                        self.send_header(k, v)
                    self.send_header("Content-Length", str(len(text.encode())))
                    self.end_headers()
                    self.wfile.write(text.encode())
                except OSError:
                    pass  # the client gave up (a scripted timeout)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> WebhookServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def seed_notify(engine: Engine, tmp_path: Path) -> None:
    """The tiny data set plus what the digests need (see the module docstring)."""
    seed(engine, tmp_path)
    at = dt.datetime(2026, 1, 9, 18)  # Friday of ISO week 2026-W02 in Chicago
    with engine.begin() as conn:
        for agent_id, email in EMAILS.items():
            conn.execute(update(agents).where(agents.c.agent_id == agent_id).values(email=email))
        conn.execute(insert(reviews), [
            {"review_id": rid, "name": f"accounts/1/locations/1/reviews/{rid}", "reviewer_is_anonymous": False,
             "star_rating": 5, "comment": text, "comment_translation": tr, "created_at": at, "updated_at": at,
             "is_deleted": False, "language": lang}
            for rid, text, tr, lang in [
                ("R20", HOSTILE, None, "en"),
                ("R21", TRANSLATED[0], TRANSLATED[1], "es"),
                ("R22", "Undecided: which Alice?", None, "en"),
                ("R23", "Written by the agent's cousin", None, "en"),
            ]])
        conn.execute(insert(attributions), [
            {"review_id": r, "agent_id": a, "status": s, "confidence": 0.9, "method": "mention", "evidence": "test",
             "computed_at": at} for r, a, s in [("R20", "A2", "auto"), ("R21", "A3", "confirmed"),
                                                ("R22", "A1", "needs_review"), ("R23", "A1", "auto")]])
        conn.execute(insert(review_flags).values(review_id="R23", flag="insider", raised_at=at, cleared_at=None))
        conn.execute(insert(qa_evaluations), [  # E5: Cara (South) at 50 on 20 Jan -> below target in 2026-W06
            {"evaluation_id": "E5", "interaction_id": "c5", "agent_id": "A3", "evaluator": "qa1",
             "evaluated_at": dt.datetime(2026, 1, 20, 10), "criterion": c, "score": s, "max_score": m,
             "critical": False} for c, s, m in [("greeting", 2, 2), ("accuracy", 0, 2)]])
