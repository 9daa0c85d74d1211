"""A web side in front of the session's stack, for the attacks that go through the public entry."""

from __future__ import annotations

from typing import Iterator

import pytest

from tests.channels.test_widget import WebSide
from tests.e2e.stack import Stack


@pytest.fixture(scope="package")
def web(stack: Stack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebSide]:
    side = WebSide(stack, tmp_path_factory.mktemp("security-web") / "web.log")
    side.start()
    yield side
    side.stop()
