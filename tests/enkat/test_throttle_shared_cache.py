"""With CACHE_URL set, the wrong-token throttle counts in Redis, shared by every worker process."""

import os
import secrets

import pytest
from django.test import Client

from tests.factories import make_invitation, make_survey

pytestmark = pytest.mark.django_db

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def redis_cache(settings):
    import redis

    connection = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        connection.ping()
    except redis.ConnectionError:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"Redis is not reachable at {REDIS_URL}; CI starts it")
        pytest.skip(f"Redis is not reachable at {REDIS_URL}: shared-cache test skipped")
    prefix = "test-" + secrets.token_hex(4)
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    yield connection, prefix
    for key in connection.scan_iter(f"{prefix}:*"):
        connection.delete(key)


def test_wrong_tokens_are_counted_in_redis_where_every_worker_sees_them(redis_cache, settings):
    connection, prefix = redis_cache
    settings.SURVEY_TOKEN_THROTTLE_LIMIT = 3
    survey = make_survey()
    _, token = make_invitation(survey)
    client = Client(REMOTE_ADDR="10.0.0.44")
    for i in range(3):
        assert client.get(f"/s/wrong{i:027d}/").status_code == 404
    # Another process reading the same Redis sees the count.
    keys = list(connection.scan_iter(f"{prefix}:*bad-token*10.0.0.44"))
    assert len(keys) == 1 and int(connection.get(keys[0])) == 3
    assert client.get("/s/wrong999999999999999999999999/").status_code == 429
    assert client.get(f"/s/{token}/").status_code == 302  # a valid link is always served
