from __future__ import annotations

from typing import Iterator

import pytest

from tests.e2e.stack import Stack


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """One running bot for the whole test session (the model is trained once, by make)."""
    running = Stack(tmp_path_factory.mktemp("stack")).up()
    yield running
    running.down()
