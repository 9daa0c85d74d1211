"""Rasa SDK actions for Recovery Guide. Thin: read the tracker, call ``bot``, return events."""
