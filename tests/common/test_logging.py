import logging

from common.logging import RedactFilter, mask_email, mask_phone, redact


def test_phone_numbers_are_masked_like_the_spec():
    assert mask_phone("+46701234512") == "+46 70*** **12"


def test_email_is_masked():
    assert mask_email("anna.svensson@example.se") == "a***@example.se"


def test_redact_removes_tokens_numbers_and_addresses_but_keeps_dates():
    text = "GET /s/AbCdEf123456_-xyz/ sent to +46701234512 and anna@example.se on 2023-10-01 12:00"
    cleaned = redact(text)
    assert "AbCdEf123456" not in cleaned
    assert "+46701234512" not in cleaned and "anna@" not in cleaned
    assert "2023-10-01 12:00" in cleaned


def test_the_filter_rewrites_log_records(caplog):
    logger = logging.getLogger("tests.redact")
    logger.addFilter(RedactFilter())
    try:
        with caplog.at_level(logging.INFO, logger="tests.redact"):
            logger.info("SMS to %s via /s/%s/", "0701234512", "Zm9vYmFyYmF6cXV4cXV1eA")
    finally:
        logger.filters.clear()
    assert "0701234512" not in caplog.text
    assert "Zm9vYmFyYmF6cXV4cXV1eA" not in caplog.text
