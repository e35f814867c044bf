"""A random key for development, kept in VAR_DIR so that sessions and links survive a restart.

Only used when SECRET_KEY is not set. Its prefix marks it as a development key: the deploy
checks (config/checks.py) refuse it in production, and the web application will not start on it.
"""

import os
import secrets
from pathlib import Path

DEV_KEY_PREFIX = "dev-only-insecure-"
DEV_KEY_FILE = "dev-secret-key"


def dev_secret_key(var_dir: Path) -> str:
    path = Path(var_dir) / DEV_KEY_FILE
    for _attempt in range(2):
        try:
            key = path.read_text(encoding="utf-8").strip()
            if key.startswith(DEV_KEY_PREFIX):
                return key
        except OSError:
            pass
        key = DEV_KEY_PREFIX + secrets.token_urlsafe(50)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue  # another process wrote it first: read theirs
        except OSError:
            return key  # a read-only VAR_DIR: a key for this process only
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            file.write(key + "\n")
        return key
    return key


def is_dev_key(key: str) -> bool:
    return not key or key.startswith("dev-only-")
