"""Rasa NLU components of Recovery Guide other than the safety screen."""
