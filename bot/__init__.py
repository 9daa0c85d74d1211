"""Recovery Guide: a conversational guide for people in mental-health recovery."""

__version__ = "0.1.0"
