"""Dialogue plug-ins for Rasa beyond the safety ones (loaded only by Rasa)."""
