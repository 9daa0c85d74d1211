"""Loaders and validation for the clinical content in ``data/content/``."""
