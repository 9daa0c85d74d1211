"""Channels: how people reach the bot (REST, web widget, Telegram)."""
