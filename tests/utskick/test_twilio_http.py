"""The urllib3 transport under the twilio library, against a local echo server."""

import json
import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from twilio.rest import Client
from urllib3.exceptions import NewConnectionError

from utskick.backends.twilio_http import Urllib3HttpClient, basic_auth

LOGGER = logging.getLogger("tests.twilio_http")


class _Echo(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # noqa: A002
        pass

    def _echo(self):
        length = int(self.headers.get("Content-Length") or 0)
        parts = urlsplit(self.path)
        payload = {
            "method": self.command,
            "path": parts.path,
            "query": parse_qs(parts.query),
            "content_type": self.headers.get("Content-Type"),
            "authorization": self.headers.get("Authorization"),
            "body": self.rfile.read(length).decode(),
        }
        body = json.dumps(payload).encode()
        self.send_response(418 if parts.path == "/teapot" else 200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _echo  # noqa: N815


@pytest.fixture
def echo():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Echo)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_form_post_carries_basic_auth_and_repeated_fields(echo):
    client = Urllib3HttpClient(LOGGER, timeout=5)
    response = client.request("post", f"{echo}/x", data={"To": "+46701234567", "MediaUrl": ["a", "b"]}, auth=("u", "p"))
    seen = json.loads(response.text)
    assert response.status_code == 200
    assert seen["method"] == "POST" and seen["content_type"] == "application/x-www-form-urlencoded"
    assert parse_qs(seen["body"]) == {"To": ["+46701234567"], "MediaUrl": ["a", "b"]}
    assert seen["authorization"] == basic_auth("u", "p") == "Basic dTpw"


def test_query_parameters_join_an_existing_query_and_json_bodies_stay_json(echo):
    client = Urllib3HttpClient(LOGGER, timeout=5)
    seen = json.loads(client.request("GET", f"{echo}/x?a=1", params={"PageSize": 20}).text)
    assert seen["query"] == {"a": ["1"], "PageSize": ["20"]}
    headers = {"Content-Type": "application/json"}
    seen = json.loads(client.request("POST", f"{echo}/x", data={"k": [1, 2]}, headers=headers).text)
    assert json.loads(seen["body"]) == {"k": [1, 2]} and seen["content_type"] == "application/json"


def test_the_library_reads_status_and_errors_through_it(echo):
    client = Client("AC" + "1" * 32, "token", http_client=Urllib3HttpClient(LOGGER, timeout=5))
    response = client.request("GET", f"{echo}/teapot")
    assert response.status_code == 418 and json.loads(response.text)["path"] == "/teapot"


def test_a_refused_connection_raises_urllib3s_own_error_without_retrying():
    client = Urllib3HttpClient(LOGGER, timeout=1)
    with pytest.raises(NewConnectionError):
        client.request("POST", "http://127.0.0.1:9/x", data={"a": "b"})


def test_a_timeout_of_zero_is_refused(echo):
    with pytest.raises(ValueError):
        Urllib3HttpClient(LOGGER, timeout=5).request("GET", f"{echo}/x", timeout=0)
