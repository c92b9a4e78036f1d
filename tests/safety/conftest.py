"""The safety suite: deploy lock, concurrency and crash tests that run the real CLI in
subprocesses and kill them. They run in the default suite; ``-m safety`` selects them alone,
``-m "not safety"`` leaves them out."""

from __future__ import annotations

import pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "safety: deploy lock, concurrency and crash tests (subprocesses, kills)"
    )
