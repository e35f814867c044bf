"""The HTTP transport under the `twilio` library: urllib3, without the `requests` layer.

The library takes any `twilio.http.HttpClient` (its `http_client` argument). Its default one
goes through `requests`, which costs about twice the CPU of the HTTP exchange itself for each
message; this one speaks to urllib3 directly and keeps the connection alive. It raises
urllib3's own errors, which the backend sorts into "never sent, try again" and "uncertain".
"""

import base64
import json
from logging import Logger
from urllib.parse import urlencode, urlsplit

import certifi
import urllib3
from twilio.http import HttpClient
from twilio.http.response import Response

_JSON_TYPES = ("application/json", "application/scim+json")


def basic_auth(username: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode("ascii")


class Urllib3HttpClient(HttpClient):
    """Synchronous client: one pool per host, no retries (the backend decides), no redirects."""

    def __init__(self, logger: Logger, timeout: float, proxy_url: str | None = None, pool_size: int = 1) -> None:
        super().__init__(logger, is_async=False, timeout=timeout)
        options = {"maxsize": pool_size, "retries": False, "ca_certs": certifi.where()}
        self.pool = urllib3.ProxyManager(proxy_url, **options) if proxy_url else urllib3.PoolManager(**options)
        self._auth: tuple[tuple[str, str], str] | None = None

    def _authorization(self, auth: tuple[str, str]) -> str:
        if self._auth is None or self._auth[0] != auth:  # the same credentials on every call
            self._auth = (auth, basic_auth(*auth))
        return self._auth[1]

    def request(
        self,
        method: str,
        uri: str,
        params: dict | None = None,
        data: dict | None = None,
        headers: dict | None = None,
        auth: tuple[str, str] | None = None,
        timeout: float | None = None,
        allow_redirects: bool = False,
    ) -> Response:
        if timeout is not None and timeout <= 0:
            raise ValueError(timeout)
        headers = dict(headers or {})
        if auth:
            headers["Authorization"] = self._authorization(auth)
        if params:
            uri += ("&" if urlsplit(uri).query else "?") + urlencode(params, doseq=True)
        body = None
        if data is not None:
            if headers.get("Content-Type") in _JSON_TYPES:
                body = json.dumps(data)
            else:
                body = urlencode(data, doseq=True)
                headers["Content-Type"] = "application/x-www-form-urlencoded"
        answer = self.pool.request(
            method.upper(),
            uri,
            body=body,
            headers=headers,
            timeout=timeout or self.timeout,
            redirect=allow_redirects,
        )
        return Response(answer.status, answer.data.decode("utf-8", errors="replace"), answer.headers)

    def close(self) -> None:
        self.pool.clear()
