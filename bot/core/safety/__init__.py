"""Crisis safety: the screen (pure), the crisis reply, and the Rasa adapters."""

from bot.core.safety.screen import CrisisAssessment, SafetyScreen, load_screen, screen_message

__all__ = ["CrisisAssessment", "SafetyScreen", "load_screen", "screen_message"]
