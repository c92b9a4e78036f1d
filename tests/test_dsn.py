"""Password masking in free text (migrator/dsn.py): every message passes through it."""

from __future__ import annotations

import pytest

from migrator.dsn import MASK, mask_text

# passwords with the characters a pattern stops at: '@', ',', ' ', ';', quotes
AWKWARD = ["hunter@2x", "ab,cd", "a b", "semi;colon", "it's", 'say"hi', "p@ss/w:rd"]


@pytest.mark.parametrize("password", AWKWARD)
def test_a_known_password_is_masked_whole_wherever_it_appears(password: str) -> None:
    texts = [
        f"postgres://postgres:{password}@localhost:5432/db",
        f"password={password}",
        f"{{'password': {password!r}}}",
        f"driver said: authentication failed for {password} (code 28P01)",
    ]
    for text in texts:
        masked = mask_text(text, (password,))
        assert password not in masked, masked
        assert MASK in masked
        # nothing of the password is left behind on either side of the mask
        for part in password.replace("@", " ").replace(",", " ").replace(";", " ").split():
            if len(part) > 2:
                assert part not in masked, (part, masked)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # no known secret: the patterns alone (errors raised before the config is loaded)
        ("postgres://u:hunter@2x@db:5432/app", "postgres://u:***@db:5432/app"),
        (
            "mysql://root:pw@127.0.0.1:3306/test?charset=utf8 x@y",
            "mysql://root:***@127.0.0.1:3306/test?charset=utf8 x@y",
        ),
        ("postgres://u:p@h/d, postgres://v:q@h2", "postgres://u:***@h/d, postgres://v:***@h2"),
        ("sqlite:///tmp/db.sqlite3", "sqlite:///tmp/db.sqlite3"),
        ("postgres://user:@host/x", "postgres://user:@host/x"),  # empty password: nothing to hide
        ("password=s3cret and more", "password=*** and more"),
        ("{'password': 's3cret'}", "{'password': '***'}"),
        # MySQL says whether a password was sent, not which
        (
            "Access denied for user 'root' (using password: YES)",
            "Access denied for user 'root' (using password: YES)",
        ),
    ],
)
def test_patterns_mask_passwords_in_urls_and_key_value_pairs(text: str, expected: str) -> None:
    assert mask_text(text) == expected
