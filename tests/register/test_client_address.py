import pytest
from django.test import RequestFactory

from common.clientaddress import client_address


@pytest.mark.parametrize(
    ("trusted", "forwarded", "expected"),
    [
        (0, "203.0.113.9", "10.0.0.1"),  # no proxy trusted: the header is the client's own word
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "1.2.3.4, 203.0.113.9", "203.0.113.9"),  # a forged entry to the left is ignored
        (2, "1.2.3.4, 203.0.113.9, 10.0.0.2", "203.0.113.9"),
        (1, "", "10.0.0.1"),  # fewer hops than proxies
        (1, "not-an-address", "10.0.0.1"),
        (1, "[2001:db8::1]:4711", "2001:db8::1"),
    ],
)
def test_the_client_is_the_address_the_outermost_trusted_proxy_saw(settings, trusted, forwarded, expected):
    settings.TRUSTED_PROXIES = trusted
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected
