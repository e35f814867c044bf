"""A fake Twilio Messages API on 127.0.0.1, for tests and the benchmark.

It records every message it receives and answers success by default. A test scripts
answers per recipient number: `server.script("+46701234567", [429, 500, "ok"])` makes the
first request answer 429, the second 500 and the third succeed; a Twilio error code such
as 21211 answers 400 with that code, and "drop" reads the request, then closes the connection
without an answer (the request went out; whether it was accepted is unknown).
"""

import json
import socket
import threading
import uuid
from collections import defaultdict, deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

ACCOUNT_SID = "AC" + "0" * 32
AUTH_TOKEN = "fake-auth-token-for-tests"

ERROR_MESSAGES = {
    21211: "The 'To' number is not a valid phone number.",
    21614: "'To' number is not a valid mobile number",
    21610: "Attempt to send to unsubscribed recipient",
}


@dataclass
class Received:
    to: str
    body: str
    params: dict[str, str]
    authorization: str
    answered: int  # the HTTP status the fake answered


@dataclass
class FakeTwilioState:
    received: list[Received] = field(default_factory=list)
    scripts: dict[str, deque] = field(default_factory=lambda: defaultdict(deque))
    delay_seconds: float = 0.0
    connections: int = 0  # TCP connections accepted
    lock: threading.Lock = field(default_factory=threading.Lock)


def _message_json(params: dict[str, str], account_sid: str) -> dict:
    sid = "SM" + uuid.uuid4().hex
    return {
        "account_sid": account_sid,
        "api_version": "2010-04-01",
        "body": params.get("Body", ""),
        "date_created": "Mon, 16 Mar 2026 09:00:00 +0000",
        "date_sent": None,
        "date_updated": "Mon, 16 Mar 2026 09:00:00 +0000",
        "direction": "outbound-api",
        "error_code": None,
        "error_message": None,
        "from": params.get("From"),
        "messaging_service_sid": params.get("MessagingServiceSid"),
        "num_media": "0",
        "num_segments": "1",
        "price": None,
        "price_unit": "USD",
        "sid": sid,
        "status": "accepted" if params.get("MessagingServiceSid") else "queued",
        "subresource_uris": {},
        "to": params.get("To"),
        "uri": f"/2010-04-01/Accounts/{account_sid}/Messages/{sid}.json",
    }


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as the real API
    state: FakeTwilioState

    def setup(self) -> None:
        super().setup()
        with self.state.lock:
            self.state.connections += 1
        # Headers and body go out in separate writes: without this, delayed ACKs add 40 ms a request.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format: str, *args) -> None:  # noqa: A002
        pass  # silence: tests fail on unexpected output

    def _answer(self, status: int, payload: dict) -> None:
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self) -> None:  # noqa: N802
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode()
        params = {key: values[0] for key, values in parse_qs(raw, keep_blank_values=True).items()}
        parts = self.path.strip("/").split("/")
        if len(parts) != 4 or parts[0] != "2010-04-01" or parts[3] != "Messages.json":
            self._answer(404, {"code": 20404, "message": "Not found", "status": 404})
            return
        to = params.get("To", "")
        state = self.state
        with state.lock:
            script = state.scripts.get(to)
            outcome = script.popleft() if script else "ok"
        if state.delay_seconds:
            threading.Event().wait(state.delay_seconds)
        if outcome == "drop":
            with state.lock:
                state.received.append(Received(to, params.get("Body", ""), params, self.headers["Authorization"], 0))
            self.close_connection = True
            return
        if outcome == "ok":
            status, payload = 201, _message_json(params, parts[2])
        elif outcome in (429, 500, 502, 503):
            status, payload = outcome, {"code": 20429 if outcome == 429 else 20500, "message": "Try later"}
            payload["status"] = status
        else:
            status = 400
            payload = {"code": outcome, "message": ERROR_MESSAGES.get(outcome, "Error"), "status": 400}
        with state.lock:
            state.received.append(Received(to, params.get("Body", ""), params, self.headers["Authorization"], status))
        self._answer(status, payload)


class FakeTwilio:
    def __init__(self) -> None:
        self.state = FakeTwilioState()
        handler = type("Handler", (_Handler,), {"state": self.state})
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        # A client that gave up (a timeout test) closes the socket: not worth a traceback.
        self.server.handle_error = lambda request, client_address: None
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> "FakeTwilio":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def script(self, to: str, outcomes: list) -> None:
        with self.state.lock:
            self.state.scripts[to].extend(outcomes)

    @property
    def received(self) -> list[Received]:
        with self.state.lock:
            return list(self.state.received)

    def accepted(self) -> list[Received]:
        return [item for item in self.received if item.answered == 201]
