"""Error reports (issue 15): to Sentry when SENTRY_DSN is set, without IINs; nothing sent when unset."""

import gzip
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

from bench.harness import ROOT, production_env

SCRIPT = """
import django
django.setup()
import logging, sentry_sdk
print("active", sentry_sdk.get_client().is_active())
try:
    raise ValueError("the IIN 150901600018 is wrong")
except ValueError:
    logging.getLogger("core").exception("import failed for 150901600018")
sentry_sdk.capture_message("a message")
sentry_sdk.flush(timeout=10)
"""


class Collector(BaseHTTPRequestHandler):
    received = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        encoding = self.headers.get("Content-Encoding", "")
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "br":
            import brotli

            body = brotli.decompress(body)
        Collector.received.append(body)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


def _run(dsn):
    Collector.received = []
    server = HTTPServer(("127.0.0.1", 0), Collector)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        env = production_env(SENTRY_DSN=dsn.format(port=server.server_port) if dsn else "")
        env["DJANGO_SETTINGS_MODULE"] = "config.settings"
        result = subprocess.run(
            [sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
        )
    finally:
        server.shutdown()
    assert result.returncode == 0, result.stderr
    return result.stdout, b"".join(Collector.received)


def test_nothing_is_sent_without_a_dsn():
    """covers issue 15"""
    out, received = _run("")
    assert "active False" in out and received == b""


def test_errors_go_to_sentry_with_the_dsn_and_no_iin():
    """covers issue 15"""
    out, received = _run("http://publickey@127.0.0.1:{port}/1")
    assert "active True" in out
    assert b"ValueError" in received and b"a message" in received
    assert b"150901600018" not in received and b"[IIN]" in received
