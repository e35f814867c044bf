"""Survey link tokens.

The token is HMAC(TOKEN_KEY, nonce): the nonce is random (secrets) and stored,
the key lives outside the database, and only SHA-256(token) is stored. A database
dump alone therefore yields neither working links nor a way to derive them, while
the worker can derive a reminder's link again from the nonce.
"""

import base64
import hashlib
import hmac
import secrets

from django.conf import settings


def new_nonce() -> str:
    return secrets.token_hex(16)  # 128 bits


def token_for_nonce(nonce: str) -> str:
    digest = hmac.new(settings.TOKEN_KEY.encode(), nonce.encode(), hashlib.sha256).digest()
    # 192 bits, URL-safe, no padding.
    return base64.urlsafe_b64encode(digest[:24]).decode().rstrip("=")


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token_pair() -> tuple[str, str, str]:
    """Return (nonce, token, token_hash) for a new invitation."""
    nonce = new_nonce()
    token = token_for_nonce(nonce)
    return nonce, token, hash_token(token)
