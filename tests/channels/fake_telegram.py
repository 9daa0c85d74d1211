"""A fake Telegram Bot API on loopback: real HTTP, the methods Recovery Guide uses, every call recorded."""

from __future__ import annotations

import asyncio
import itertools
import json
import threading
import time
from typing import Any, Callable

from aiohttp import web


class FakeTelegram:
    def __init__(self, token: str = "123456:TEST") -> None:
        self.token = token
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1000)
        self._message_ids = itertools.count(1)
        self._lock = threading.Lock()
        self._loop = asyncio.new_event_loop()
        self._runner: web.AppRunner | None = None
        self.port = 0

    # ------------------------------------------------------------------------- lifecycle
    def start(self) -> FakeTelegram:
        ready = threading.Event()
        threading.Thread(target=self._serve, args=(ready,), daemon=True).start()
        ready.wait(10)
        return self

    def _serve(self, ready: threading.Event) -> None:
        asyncio.set_event_loop(self._loop)
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app)
        self._loop.run_until_complete(self._runner.setup())
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        self._loop.run_until_complete(site.start())
        self.port = site._server.sockets[0].getsockname()[1]
        ready.set()
        self._loop.run_forever()

    def stop(self) -> None:
        async def shutdown() -> None:
            if self._runner is not None:
                await self._runner.cleanup()
            pending = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)

        asyncio.run_coroutine_threadsafe(shutdown(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # --------------------------------------------------------------------------- updates
    def push(self, update: dict[str, Any], update_id: int | None = None) -> int:
        with self._lock:
            if update_id is None:
                update_id = next(self._update_ids)
            else:
                self._update_ids = itertools.count(max(update_id + 1, next(self._update_ids)))
            self._updates.append({"update_id": update_id, **update})
        return update_id

    @staticmethod
    def _chat(chat_id: int, kind: str = "private") -> dict[str, Any]:
        return {"id": chat_id, "type": kind, "first_name": "Sam"} if kind == "private" else \
            {"id": chat_id, "type": kind, "title": "A group"}

    def message(self, chat_id: int, text: str | None = None, kind: str = "private",
                **extra: Any) -> dict[str, Any]:
        body: dict[str, Any] = {
            "message_id": next(self._message_ids), "date": int(time.time()),
            "chat": self._chat(chat_id, kind),
            "from": {"id": chat_id if kind == "private" else 42, "is_bot": False, "first_name": "Sam",
                     "language_code": "en"},
            **extra,
        }
        if text is not None:
            body["text"] = text
            if text.startswith("/"):
                body["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        return body

    def send_text(self, chat_id: int, text: str, **kwargs: Any) -> int:
        return self.push({"message": self.message(chat_id, text, **kwargs)})

    def press(self, chat_id: int, data: str) -> int:
        return self.push({"callback_query": {
            "id": str(next(self._message_ids)), "chat_instance": "ci", "data": data,
            "from": {"id": chat_id, "is_bot": False, "first_name": "Sam"},
            "message": {"message_id": next(self._message_ids), "date": int(time.time()),
                        "chat": self._chat(chat_id), "text": "question"},
        }})

    # ------------------------------------------------------------------------ assertions
    def sent(self, chat_id: int | None = None, method: str | None = None) -> list[dict[str, Any]]:
        with self._lock:
            return [p for m, p in self.calls
                    if (method is None or m == method) and (chat_id is None or str(p.get("chat_id")) == str(chat_id))]

    def texts(self, chat_id: int) -> list[str]:
        return [p.get("text", "") for p in self.sent(chat_id, "sendMessage")]

    def wait_for(self, check: Callable[[], Any], timeout: float = 60) -> Any:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            result = check()
            if result:
                return result
            time.sleep(0.2)
        raise AssertionError(f"timed out; calls so far: {[m for m, _ in self.calls]}")

    def wait_for_text(self, chat_id: int, needle: str, after: int = 0, timeout: float = 60) -> str:
        return self.wait_for(lambda: next((t for t in self.texts(chat_id)[after:] if needle in t), None), timeout)

    # ------------------------------------------------------------------------ the API
    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response({"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401)
        method = request.match_info["method"]
        params: dict[str, Any] = {}
        if request.can_read_body:
            if request.content_type == "application/json":
                params = await request.json()
            else:
                form = await request.post()
                for key, value in form.items():
                    if hasattr(value, "file"):
                        params[key] = {"filename": value.filename, "content": value.file.read()}
                    else:
                        try:
                            params[key] = json.loads(value)
                        except (TypeError, ValueError):
                            params[key] = value
        params.update({k: v for k, v in request.query.items() if k not in params})
        with self._lock:
            self.calls.append((method, params))
        if method == "getUpdates":
            return web.json_response({"ok": True, "result": await self._get_updates(params)})
        return web.json_response({"ok": True, "result": self._result(method, params)})

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        deadline = time.monotonic() + min(float(params.get("timeout") or 0), 1.0)
        while True:
            with self._lock:
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
                ready = list(self._updates)
            if ready or time.monotonic() >= deadline:
                return ready
            await asyncio.sleep(0.05)

    def _result(self, method: str, params: dict[str, Any]) -> Any:
        if method == "getMe":
            return {"id": 999, "is_bot": True, "first_name": "Recovery Guide", "username": "recovery_guide_bot",
                    "can_join_groups": False, "can_read_all_group_messages": False,
                    "supports_inline_queries": False}
        if method in {"sendMessage", "sendPhoto", "sendDocument", "editMessageReplyMarkup"}:
            return {"message_id": next(self._message_ids), "date": int(time.time()),
                    "chat": self._chat(int(params.get("chat_id", 0))), "text": params.get("text", "")}
        return True
