"""Password masking for messages (each dialect spells its own DSN, masked with ``MASK``)."""

from __future__ import annotations

import re

MASK = "***"
# the password runs to the netloc's last '@', as urllib (and so Tortoise) splits it
_URL_PASSWORD = re.compile(
    r"(?P<head>[a-zA-Z][a-zA-Z0-9+.-]*://[^:/@\s]*:)(?P<pw>[^\s/?#]*?)(?=@[^@\s/?#]*(?:[/?#\s]|$))"
)
# password=x, password: x, and the quoted keys of dict reprs and JSON ('password': 'x').
# MySQL's "(using password: YES)" says whether one was sent, not what it is: keep it readable
_KEYWORD_PASSWORD = re.compile(
    r"(?i)(?P<head>\bpassword['\"]?\s*[=:]\s*['\"]?)(?!(?:YES|NO)\))(?P<pw>[^'\"\s,;}]+)"
)


def mask_text(text: str, secrets: tuple[str, ...] = ()) -> str:
    """Mask passwords in URLs (``scheme://user:pw@host``), ``password=...`` pairs and any
    explicitly known secret strings inside ``text``."""
    # known secrets first: a pattern stops at characters a password may contain ('@', ',',
    # ' '), which would leave the rest of a known one behind for the loop to miss
    for secret in sorted(secrets, key=len, reverse=True):  # a longer one may contain another
        if secret:
            text = text.replace(secret, MASK)
    text = _URL_PASSWORD.sub(lambda m: m.group("head") + (MASK if m.group("pw") else ""), text)
    return _KEYWORD_PASSWORD.sub(lambda m: m.group("head") + MASK, text)
