"""Telegram side of Recovery Guide (python-telegram-bot 22).

Runs as its own process (`python -m bot telegram`, started by `python -m bot run` when
``TELEGRAM_TOKEN`` is set). Each Telegram message goes to Rasa's REST channel with the sender id
``telegram:<chat id>``; Rasa's replies come back as messages, inline keyboards, photos and documents.

The safety screen runs here too: when Rasa does not answer in time, a crisis message still gets the
crisis reply, and anything else gets an honest "I'm having trouble" that points to /crisis.
Message text is never logged.
"""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import json
import logging
from collections import OrderedDict
from typing import Any, Callable

from telegram import BotCommand, InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Update
from telegram.constants import ChatAction, MessageLimit
from telegram.error import Forbidden, TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    ExtBot,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.request import HTTPXRequest

from bot import logs
from bot.config import TelegramSettings, telegram_settings
from bot.content.crisis import load_directory
from bot.content.wording import wording
from bot.core.reminders import response_for
from bot.core.replies import (
    crisis_help_text,
    crisis_reply,
    domain_buttons,
    domain_text,
    fail_safe_reply,
    group_reply,
    warm_up,
)
from bot.sides.routing import RasaClient

logger = logging.getLogger(__name__)

# Commands shown in Telegram's menu (setMyCommands, described in data/content/wording.yml) and the Rasa
# payload each one sends (/crisis is answered by this side, from the crisis directory).
COMMAND_PAYLOADS: dict[str, str | None] = {
    "start": "/greet", "checkin": "/start_checkin", "coping": "/ask_coping", "stage": "/ask_stage",
    "safetyplan": "/show_safety_plan", "help": "/what_can_you_do", "crisis": None,
    "export": "/request_data_export", "delete": "/request_data_deletion", "stop": "/stop",
}
COMMANDS: dict[str, tuple[str, str | None]] = {
    name: (wording("telegram_commands", name), payload) for name, payload in COMMAND_PAYLOADS.items()
}


def split_message(text: str, limit: int = MessageLimit.MAX_TEXT_LENGTH) -> list[str]:
    """Split a reply into Telegram-sized parts, at paragraph or word boundaries where possible."""
    parts: list[str] = []
    while len(text) > limit:
        cut = text.rfind("\n", 0, limit)
        if cut < limit // 2:
            cut = text.rfind(" ", 0, limit)
        if cut < limit // 2:
            cut = limit
        parts.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    if text:
        parts.append(text)
    return parts


def keyboard(buttons: list[dict[str, str]]) -> InlineKeyboardMarkup | None:
    """Rasa buttons as an inline keyboard: short labels several to a row, long ones one per row."""
    if not buttons:
        return None
    keys = [InlineKeyboardButton(b["title"], callback_data=str(b["payload"])[:64]) for b in buttons]
    width = 6 if all(len(b["title"]) <= 3 for b in buttons) else 1
    return InlineKeyboardMarkup([keys[i:i + width] for i in range(0, len(keys), width)])


def country_from_language(language_code: str | None) -> str | None:
    """A country from a regional language code such as en-GB; plain "en" says nothing."""
    if not language_code or "-" not in language_code:
        return None
    code = language_code.split("-", 1)[1].upper()
    return code if code in load_directory().countries else None


# Where a raw update carries a message (the kinds a person writes in).
RAW_MESSAGE_KEYS = ("message", "edited_message", "business_message", "edited_business_message", "channel_post")


class TolerantBot(ExtBot):
    """The Bot API client, except that an update the library cannot read (a field missing, a type it does not know)
    is skipped, logged without its content, rather than failing the whole batch: otherwise polling asks for the
    same batch again and again, and no later message (a crisis included) is ever answered."""

    async def _post(self, endpoint: str, data: Any = None, **kwargs: Any) -> Any:
        result = await super()._post(endpoint, data, **kwargs)
        if endpoint == "getUpdates" and isinstance(result, list):
            self._raw_updates = result
        return result

    async def get_updates(self, *args: Any, **kwargs: Any) -> tuple[Update, ...]:
        self._raw_updates: list[Any] = []
        try:
            return await super().get_updates(*args, **kwargs)
        except (TypeError, KeyError, ValueError, AttributeError):
            readable = []
            for raw in self._raw_updates:
                try:
                    readable.append(Update.de_json(raw, self))
                except (TypeError, KeyError, ValueError, AttributeError):
                    logger.warning("telegram: an update it could not read was skipped")
                    await self._crisis_help_all_the_same(raw)
                    if isinstance(raw, dict) and isinstance(raw.get("update_id"), int):
                        readable.append(Update(update_id=raw["update_id"]))  # acknowledged, nothing more to answer
            return tuple(readable)

    async def _crisis_help_all_the_same(self, raw: Any) -> None:
        """An update the library cannot read may still carry words that need crisis help ("help now" as the caption
        of a document with a field missing): read them from the raw update, and send the crisis lines if so."""
        message = next((raw.get(key) for key in RAW_MESSAGE_KEYS if isinstance(raw, dict)
                        and isinstance(raw.get(key), dict)), None)
        chat = message.get("chat") if message else None
        text = (message.get("text") or message.get("caption")) if message else None
        if not isinstance(chat, dict) or not isinstance(chat.get("id"), int) or not isinstance(text, str):
            return
        help_text = group_reply(text, None)
        if help_text:
            try:
                await self.send_message(chat["id"], help_text)
            except TelegramError:
                logger.info("telegram: crisis lines for an unreadable update not delivered")


class _NoUpdateContent(logging.Filter):
    """The library logs a batch it could not read with its content (people's messages): never kept."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Error while parsing updates")


class SeenUpdates:
    """Remembers recent update ids so a repeated delivery is processed once."""

    def __init__(self, size: int = 10_000) -> None:
        self._seen: OrderedDict[int, None] = OrderedDict()
        self._size = size

    def first_time(self, update_id: int) -> bool:
        if update_id in self._seen:
            return False
        self._seen[update_id] = None
        if len(self._seen) > self._size:
            self._seen.popitem(last=False)
        return True


class TelegramBridge:
    """Connects Telegram chats to Rasa."""

    def __init__(self, settings: TelegramSettings) -> None:
        self.settings = settings
        self.rasa = RasaClient(settings.rasa_url, settings.rasa_timeout, "telegram", settings.crisis_seconds)
        self.seen = SeenUpdates()
        self._reminders: asyncio.Task[None] | None = None
        self._health: Any = None

    # ------------------------------------------------------------------------ application
    def build_application(self) -> Application:
        # No job queue: reminders have their own loop (the job-queue extra conflicts with Rasa's APScheduler).
        base = (self.settings.api_base_url or "https://api.telegram.org").rstrip("/")
        bot = TolerantBot(self.settings.token, base_url=f"{base}/bot", base_file_url=f"{base}/file/bot",
                          request=HTTPXRequest(connection_pool_size=64), get_updates_request=HTTPXRequest())
        builder = ApplicationBuilder().bot(bot).post_init(self._post_init).job_queue(None)
        builder = builder.concurrent_updates(True).post_shutdown(self._post_shutdown)
        app = builder.build()
        app.add_handler(TypeHandler(Update, self.drop_duplicates), group=-1)
        private = filters.ChatType.PRIVATE
        app.add_handler(MessageHandler(filters.ChatType.GROUPS & filters.UpdateType.MESSAGE, self.on_group))
        # an edited message in a private chat: answered only when it now needs crisis help ("help now" typed in)
        app.add_handler(MessageHandler(private & filters.UpdateType.EDITED_MESSAGE & filters.TEXT, self.on_edited))
        app.add_handler(CommandHandler("crisis", self.on_crisis_command, filters=private))
        for name, (_, payload) in COMMANDS.items():
            if payload:
                app.add_handler(CommandHandler(name, self.on_command, filters=private))
        app.add_handler(CallbackQueryHandler(self.on_button))
        app.add_handler(MessageHandler(
            private & filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND, self.on_text))
        app.add_handler(MessageHandler(private & filters.UpdateType.MESSAGE, self.on_unsupported))
        app.add_error_handler(self.on_error)
        return app

    async def _post_init(self, app: Application) -> None:
        await asyncio.to_thread(warm_up)
        await app.bot.set_my_commands([BotCommand(n, d) for n, (d, _) in COMMANDS.items()])
        self._reminders = asyncio.create_task(self._deliver_reminders(app))
        if self.settings.health_port:
            await self._start_health(app)

    async def _deliver_reminders(self, app: Application) -> None:
        """Sends due reminders; one user's failure never stops the others."""
        from bot.store import Store, StoreUnavailable

        store = Store.from_settings()
        while True:
            try:
                due = await asyncio.to_thread(store.reminders.due, "telegram", dt.datetime.utcnow())
            except StoreUnavailable:
                due = []
                logger.error("telegram: reminders skipped, database unavailable")
            for reminder_id, sender, local_date, kind in due:
                response = response_for(kind)
                try:
                    await app.bot.send_message(int(sender.split(":", 1)[1]), domain_text(response),
                                               reply_markup=keyboard(domain_buttons(response)))
                except TelegramError as exc:
                    logger.info("telegram: reminder not delivered (%s)", exc.__class__.__name__)
                try:
                    await asyncio.to_thread(store.reminders.mark_sent, reminder_id, local_date)
                except StoreUnavailable:
                    logger.error("telegram: reminder sent but not marked; it may repeat")
            await asyncio.sleep(self.settings.reminder_interval)

    async def _start_health(self, app: Application) -> None:
        """GET /health (the process is up) and /ready (receiving updates) on TELEGRAM_HEALTH_PORT, for probes."""
        from aiohttp import web

        def state(_: web.Request) -> web.Response:
            receiving = app.running and (self.settings.webhook_url is not None or app.updater.running)
            return web.json_response({"status": "ready" if receiving else "starting"}, status=200 if receiving else 503)

        server = web.Application()
        server.router.add_get("/health", lambda _: web.json_response({"status": "ok"}))
        server.router.add_get("/ready", state)
        self._health = web.AppRunner(server, access_log=None)
        await self._health.setup()
        await web.TCPSite(self._health, self.settings.health_host,
                          self.settings.health_port).start()

    async def _post_shutdown(self, app: Application) -> None:
        if self._health is not None:
            await self._health.cleanup()
        if self._reminders is not None:
            self._reminders.cancel()
        await self.rasa.close()

    def run(self) -> None:
        app = self.build_application()
        if self.settings.webhook_url:
            from urllib.parse import urlparse

            app.run_webhook(
                listen=self.settings.listen, port=self.settings.port,
                url_path=urlparse(self.settings.webhook_url).path.lstrip("/"),
                webhook_url=self.settings.webhook_url, secret_token=self.settings.secret_token,
                allowed_updates=Update.ALL_TYPES,
            )
        else:
            app.run_polling(allowed_updates=Update.ALL_TYPES)

    # --------------------------------------------------------------------------- handlers
    async def drop_duplicates(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if not self.seen.first_time(update.update_id):
            logger.info("telegram: duplicate update %s ignored", update.update_id)
            raise ApplicationHandlerStop

    async def on_group(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Nothing is talked about or stored in a group, but a message there that needs crisis help gets the crisis
        lines (for the clinic's country: nothing about the person is known)."""
        message = update.effective_message
        text = (message.text or message.caption or "") if message else ""
        help_text = group_reply(text, None)
        if help_text:
            await update.effective_chat.send_message(help_text)
        await update.effective_chat.send_message(domain_text("utter_telegram_group"))

    async def on_edited(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """An edit is not a new message, unless it now needs crisis help: then the fail-safe's crisis reply."""
        text = update.effective_message.text or ""
        user = update.effective_user
        help_text = group_reply(text, country_from_language(user.language_code if user else None))
        if help_text:
            await update.effective_chat.send_message(help_text)

    async def on_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        command = update.effective_message.text.split()[0].lstrip("/").split("@")[0].lower()
        if command == "start":
            await update.effective_chat.send_message(domain_text("utter_telegram_privacy"))
        await self.relay(update, COMMANDS[command][1] or "")

    async def on_crisis_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/crisis: the crisis lines for the conversation's country ("help now" in Rasa, which knows the
        country the person named); if Rasa does not answer, the lines for their language's country."""
        await self.relay(update, "/crisis_help", fallback=crisis_help_text)

    async def on_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self.relay(update, update.effective_message.text)

    async def on_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        await query.answer()
        if query.message is not None:
            try:
                await query.edit_message_reply_markup(reply_markup=None)
            except TelegramError:
                pass  # an old message can no longer be edited; the answer still counts
        await self.relay(update, query.data or "")

    async def on_unsupported(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Stickers, voice notes, photos, locations, files: say what the bot can handle (a caption is read as the
        message: a photo captioned "help now" gets the lines)."""
        caption = update.effective_message.caption if update.effective_message else None
        if caption and caption.strip():
            await self.relay(update, caption)
            return
        await update.effective_chat.send_message(domain_text("utter_not_understood_input"))

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        error = context.error
        if isinstance(error, Forbidden):
            logger.info("telegram: a user has blocked the bot")
        else:
            logger.error("telegram: handler failed (%s)", error.__class__.__name__)

    # ------------------------------------------------------------------------------ relay
    async def relay(self, update: Update, text: str,
                    fallback: Callable[[str | None], str] | None = None) -> None:
        """Send ``text`` to Rasa and deliver its replies; without them, the fail-safe (or ``fallback``)."""
        chat = update.effective_chat
        user = update.effective_user
        metadata: dict[str, Any] = {"channel": "telegram"}
        country = country_from_language(user.language_code if user else None)
        if country:
            metadata["country"] = country
        sender = f"telegram:{chat.id}"
        typing = asyncio.create_task(self._keep_typing(chat))
        try:
            # The update id names the message, so a repeat after a failover is answered once.
            replies = await self.ask_rasa(sender, text, metadata, message_id=f"telegram:{update.update_id}")
        finally:
            typing.cancel()
        if not replies and fallback is not None:
            replies = [{"text": fallback(metadata.get("country"))}]
        elif not replies:
            replies = [fail_safe_reply(text, metadata.get("country"))]
            if "trouble" in replies[0]["text"]:
                replies[0]["text"] += " " + domain_text("utter_telegram_crisis_command")
        await self.deliver(chat, replies)

    async def _keep_typing(self, chat: Any) -> None:
        try:
            while True:
                await chat.send_action(ChatAction.TYPING)
                await asyncio.sleep(4)
        except (TelegramError, asyncio.CancelledError):
            return

    async def ask_rasa(
        self, sender: str, text: str, metadata: dict[str, Any], message_id: str | None = None
    ) -> list[dict[str, Any]]:
        """Rasa's replies from the conversation's replica (the next one if it is unreachable), or []; for a crisis
        Rasa is slow to answer, the crisis reply (bot/sides/routing.py)."""
        answer = await self.rasa.ask(sender, text, metadata, message_id,
                                     urgent=lambda recent: crisis_reply(text, metadata.get("country"), recent))
        return answer.replies or []

    async def deliver(self, chat: Any, replies: list[dict[str, Any]]) -> None:
        for reply in replies:
            if reply.get("text"):
                parts = split_message(reply["text"])
                for i, part in enumerate(parts):
                    last = i == len(parts) - 1
                    await chat.send_message(part, reply_markup=keyboard(reply.get("buttons", [])) if last else None)
            if reply.get("image"):
                await self._send_image(chat, reply["image"])
            custom = reply.get("custom") or {}
            for file in custom.get("files", []):
                content = file["content"]
                data = content if isinstance(content, str) else json.dumps(content, indent=2, ensure_ascii=False)
                await chat.send_document(InputFile(data.encode("utf-8"), filename=file["filename"]))

    @staticmethod
    async def _send_image(chat: Any, image: str) -> None:
        if image.startswith("data:image/"):
            payload = base64.b64decode(image.split(",", 1)[1])
            await chat.send_photo(InputFile(payload, filename="chart.png"))
        else:
            await chat.send_photo(image)


def main() -> int:
    logs.configure()
    logging.getLogger("httpx").setLevel(logging.WARNING)  # its INFO lines carry the bot token in URLs
    logging.getLogger("telegram.Bot").addFilter(_NoUpdateContent())
    TelegramBridge(telegram_settings()).run()
    return 0
