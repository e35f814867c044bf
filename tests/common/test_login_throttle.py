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


def admin_attempt(client, username, password, address="10.0.0.1"):
    return client.post(
        reverse("admin:login"), {"username": username, "password": password, "next": "/admin/"}, REMOTE_ADDR=address
    )


def test_the_admin_login_uses_the_same_throttle(client, actors, settings):
    settings.LOGIN_THROTTLE_LIMIT = 3
    for _ in range(3):
        assert admin_attempt(client, "qd", "wrong").status_code == 200
    refused = admin_attempt(client, "qd", PASSWORD)
    assert refused.status_code == 200
    assert "_auth_user_id" not in client.session
    # And the failures at /admin/login/ count at /login/ too.
    assert attempt(client, "qd", PASSWORD).status_code == 200
    assert attempt(client, "qd", PASSWORD, address="10.0.0.2").status_code == 302


def test_failures_from_one_address_lock_the_account_for_that_address_only(client, actors, settings):
    settings.LOGIN_THROTTLE_LIMIT = 3
    for _ in range(10):
        attempt(client, "member_a", "wrong", address="10.0.0.66")
    assert attempt(client, "member_a", PASSWORD, address="10.0.0.66").status_code == 200
    assert attempt(client, "member_a", PASSWORD, address="10.0.0.5").status_code == 302


def test_behind_the_proxy_the_throttles_count_the_forwarded_client_address(client, actors, settings):
    settings.LOGIN_THROTTLE_LIMIT = 3
    settings.TRUSTED_PROXIES = 1

    def via_proxy(username, password, forwarded):
        return client.post(
            reverse("login"),
            {"username": username, "password": password},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=forwarded,
        )

    # The attacker also forges an X-Forwarded-For entry of its own: only the proxy's is believed.
    for _ in range(10):
        via_proxy("member_a", "wrong", "198.51.100.1, 203.0.113.9")
    assert via_proxy("member_a", PASSWORD, "203.0.113.9").status_code == 200
    assert via_proxy("member_a", PASSWORD, "198.51.100.1, 192.0.2.44").status_code == 302


def test_an_account_is_slowed_down_across_addresses_but_a_known_browser_gets_in(client, actors, settings):
    from django.test import Client

    settings.LOGIN_THROTTLE_LIMIT = 3
    settings.LOGIN_THROTTLE_ACCOUNT_SLOWDOWN_AFTER = 6
    settings.LOGIN_THROTTLE_ACCOUNT_DELAY = 30
    owner = Client()
    assert attempt(owner, "member_a", PASSWORD, address="192.0.2.1").status_code == 302
    owner.post(reverse("logout"))  # Client.logout() would also drop the cookies
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for i in range(6):
            attempt(client, "member_a", "wrong", address=f"10.1.0.{i}")
        # A new browser on a fresh address waits, whatever the password...
        assert attempt(Client(), "member_a", PASSWORD, address="10.2.0.1").status_code == 200
        # ...but the owner's browser, which has logged in before, is not kept out.
        assert attempt(owner, "member_a", PASSWORD, address="192.0.2.99").status_code == 302
    with time_machine.travel(start + timedelta(seconds=31), tick=False):
        attempt(client, "member_a", "wrong", address="10.1.1.1")
    with time_machine.travel(start + timedelta(seconds=62), tick=False):
        assert attempt(Client(), "member_a", PASSWORD, address="10.2.0.2").status_code == 302


def test_one_address_is_limited_across_accounts(client, actors, settings):
    settings.LOGIN_THROTTLE_ADDRESS_LIMIT = 5
    for i in range(5):
        attempt(client, f"user{i}", "wrong", address="10.0.0.77")
    assert attempt(client, "member_b", PASSWORD, address="10.0.0.77").status_code == 200
