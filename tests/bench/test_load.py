"""The intake load generator against a small local HTTP server."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench.load import LoadPlan, run_load


class _Recorder(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as gunicorn answers
    bodies: list[dict[str, str]] = []
    status = 202
    close = False

    def do_POST(self) -> None:  # noqa: N802 - the name http.server calls
        length = int(self.headers["Content-Length"])
        body = json.loads(self.rfile.read(length))
        assert self.headers["Authorization"] == "Bearer token"
        type(self).bodies.append(body)
        answer = b'{"ok": true}'
        self.send_response(type(self).status)
        self.send_header("Content-Length", str(len(answer)))
        if type(self).close:
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *_: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[ThreadingHTTPServer]:
    _Recorder.bodies, _Recorder.status, _Recorder.close = [], 202, False
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def _plan(httpd: ThreadingHTTPServer, rate: float | None = None) -> LoadPlan:
    host, port = httpd.server_address[:2]
    return LoadPlan(
        host=str(host),
        port=int(port),
        path="/v1/articles",
        token="token",
        text='A "quoted" line\nand another.',
        clients=4,
        seconds=0.5,
        rate=rate,
    )


def test_every_post_is_answered_and_timed(server: ThreadingHTTPServer) -> None:
    outcome = run_load(_plan(server))
    assert outcome.errors == 0
    assert len(outcome.latencies_ms) == len(_Recorder.bodies) > 4
    assert all(ms > 0 for ms in outcome.latencies_ms)
    assert {body["text"] for body in _Recorder.bodies} == {
        'A "quoted" line\nand another.'
    }
    ids = [body["external_id"] for body in _Recorder.bodies]
    assert len(set(ids)) == len(ids)


def test_a_paced_run_posts_on_its_schedule(server: ThreadingHTTPServer) -> None:
    outcome = run_load(_plan(server, rate=40.0))
    # 40 a second for half a second, spread over four clients.
    assert len(outcome.latencies_ms) == 20
    assert outcome.errors == 0


@pytest.mark.parametrize("rate", [60.0, 70.0])
def test_a_paced_run_sends_rate_times_seconds_posts(
    server: ThreadingHTTPServer, rate: float
) -> None:
    # Rates whose interval per client (4 / rate) has no exact binary form: the
    # schedule is counted in posts, not summed in seconds.
    outcome = run_load(_plan(server, rate=rate))
    assert len(outcome.latencies_ms) == round(rate * 0.5)


def test_refused_posts_count_as_errors(server: ThreadingHTTPServer) -> None:
    _Recorder.status = 503
    outcome = run_load(_plan(server, rate=40.0))
    assert outcome.errors == len(outcome.latencies_ms) == 20


def test_a_closed_connection_is_opened_again(server: ThreadingHTTPServer) -> None:
    _Recorder.close = True
    outcome = run_load(_plan(server, rate=40.0))
    assert outcome.errors == 0
    assert len(_Recorder.bodies) == 20
