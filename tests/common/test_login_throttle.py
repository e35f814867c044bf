from datetime import timedelta

import time_machine
from django.urls import reverse
from django.utils import timezone

from tests.conftest import PASSWORD


def attempt(client, username, password, address="10.0.0.1"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def test_failed_logins_throttle_the_username_then_cool_off(client, actors, settings):
    settings.LOGIN_THROTTLE_LIMIT = 3
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _ in range(3):
            assert attempt(client, "member_a", "wrong").status_code == 200
        refused = attempt(client, "member_a", PASSWORD)
        assert refused.status_code == 200
        assert "försök" in refused.content.decode() or "attempts" in refused.content.decode()
        assert "_auth_user_id" not in client.session
    with time_machine.travel(start + timedelta(seconds=settings.LOGIN_THROTTLE_WINDOW + 1), tick=False):
        assert attempt(client, "member_a", PASSWORD).status_code == 302


def test_one_address_failing_for_one_user_does_not_lock_other_users(client, actors, settings):
    settings.LOGIN_THROTTLE_LIMIT = 3
    settings.LOGIN_THROTTLE_ADDRESS_LIMIT = 10
    for _ in range(3):
        attempt(client, "member_a", "wrong", address="10.0.0.9")
    assert attempt(client, "member_b", PASSWORD, address="10.0.0.9").status_code == 302


def test_many_failures_from_one_address_throttle_that_address(client, actors, settings):
    settings.LOGIN_THROTTLE_LIMIT = 100
    settings.LOGIN_THROTTLE_ADDRESS_LIMIT = 4
    for name in ["a", "b", "c", "d"]:
        attempt(client, name, "wrong", address="10.0.0.7")
    assert attempt(client, "member_b", PASSWORD, address="10.0.0.7").status_code == 200
    assert attempt(client, "member_b", PASSWORD, address="10.0.0.8").status_code == 302


def test_sessions_expire_after_30_minutes_idle_and_passwords_use_argon2(settings, actors):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert actors.member_a.password.startswith("argon2")
