"""Rasa SDK actions for Recovery Guide. Thin: read the tracker, call ``bot``, return events."""

from bot import logs

# rasa-sdk logs failing requests with the user's text; withhold it (the action server imports us first).
logs.install()
