"""The web side tells the widget the conversation's country on every reply, not only on those naming lines."""

from __future__ import annotations

from typing import Any

from aiohttp.test_utils import TestClient, TestServer

from bot.sides.routing import RasaAnswer
from bot.sides.web import WebSide


async def test_a_reply_naming_no_lines_still_carries_the_conversation_country() -> None:
    side = WebSide("http://127.0.0.1:9")
    answers = [RasaAnswer([{"recipient_id": "x", "text": "Call Lifeline"}], "NZ"),
               RasaAnswer([{"recipient_id": "x", "text": "Here is your safety plan"}], None)]

    async def ask(sender: str, text: str, metadata: dict[str, Any], *_: Any, **__: Any) -> RasaAnswer:
        return answers.pop(0)

    side.rasa.ask = ask  # type: ignore[method-assign]
    async with TestClient(TestServer(side.app())) as client:
        token = (await (await client.post("/session")).json())["token"]
        headers = {"Authorization": f"Bearer {token}"}
        first = await client.post("/webhooks/rest/webhook", json={"message": "help now"}, headers=headers)
        plan = await client.post("/webhooks/rest/webhook", json={"message": "show my safety plan"}, headers=headers)
        other = await client.post("/session")
        assert first.headers["X-Conversation-Country"] == "NZ"
        assert plan.headers["X-Conversation-Country"] == "NZ"
        assert other.status == 200 and "X-Conversation-Country" not in other.headers


async def test_a_first_reply_naming_no_lines_carries_the_clinics_default_country() -> None:
    side = WebSide("http://127.0.0.1:9")

    async def ask(sender: str, text: str, metadata: dict[str, Any], *_: Any, **__: Any) -> RasaAnswer:
        return RasaAnswer([{"recipient_id": "x", "text": "PHQ-9 1 of 9"}], None)

    side.rasa.ask = ask  # type: ignore[method-assign]
    async with TestClient(TestServer(side.app())) as client:
        token = (await (await client.post("/session")).json())["token"]
        reply = await client.post("/webhooks/rest/webhook", json={"message": "start the PHQ-9"},
                                  headers={"Authorization": f"Bearer {token}"})
        assert reply.headers["X-Conversation-Country"] == "US"


async def _countries_sent_to_rasa(metadatas: list[dict[str, str]]) -> list[str | None]:
    """The country the web side passes on to Rasa for each message's metadata, in one conversation."""
    side = WebSide("http://127.0.0.1:9")
    seen: list[dict[str, Any]] = []

    async def ask(sender: str, text: str, metadata: dict[str, Any], *_: Any, **__: Any) -> RasaAnswer:
        seen.append(metadata)
        return RasaAnswer([{"recipient_id": "x", "text": "ok"}], None)

    side.rasa.ask = ask  # type: ignore[method-assign]
    async with TestClient(TestServer(side.app())) as client:
        token = (await (await client.post("/session")).json())["token"]
        headers = {"Authorization": f"Bearer {token}"}
        for metadata in metadatas:
            await client.post("/webhooks/rest/webhook", json={"message": "hi", "metadata": metadata}, headers=headers)
    return [m.get("country") for m in seen]


async def test_without_a_page_country_the_browsers_time_zone_gives_the_country() -> None:
    # the page's country wins; a zone of no one country, or no zone, leaves it to the clinic's default
    assert await _countries_sent_to_rasa([{"timezone": "Europe/Berlin"}, {"timezone": "Europe/Berlin", "country": "GB"},
                                          {"timezone": "UTC"}, {"timezone": "Not/AZone"}]) == ["DE", "GB", None, None]


async def test_a_page_country_given_as_three_letters_or_a_name_is_understood_and_nonsense_is_dropped() -> None:
    """data-country="GBR" or "United Kingdom" is the UK (it was passed on as given, and the default's lines shown);
    a value that is no country is dropped, and the time zone decides."""
    assert await _countries_sent_to_rasa([{"country": "GBR"}, {"country": "United Kingdom"}, {"country": "ireland"},
                                          {"country": "GB\u0000US", "timezone": "Australia/Sydney"},
                                          {"country": "Narnia"}]) == ["GB", "GB", "IE", "AU", None]


def test_time_zones_name_their_country() -> None:
    from bot.content.crisis import country_of_timezone

    assert [country_of_timezone(z) for z in ("Europe/London", "America/Toronto", "Asia/Kolkata", "UTC", None, 3)] \
        == ["GB", "CA", "IN", None, None, None]


async def test_no_library_versions_in_the_server_header() -> None:
    async with TestClient(TestServer(WebSide("http://127.0.0.1:9").app())) as client:
        for response in (await client.get("/health"), await client.get("/nowhere"), await client.post("/session")):
            assert response.headers["Server"] == "recovery-guide"
