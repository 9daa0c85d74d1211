"""Loaded only by Rasa (Python 3.10): NLU components, policies, the response generator, the REST channel,
the tracker store and the drain. Nothing outside Rasa imports this package."""
