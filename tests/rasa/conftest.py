"""Tests of our Rasa plug-ins, in Rasa's environment (Python 3.10): `.venv-rasa/bin/python -m pytest tests/rasa`."""

from __future__ import annotations

import sys

if sys.version_info[:2] != (3, 10):
    raise RuntimeError("tests/rasa run in Rasa's environment: .venv-rasa/bin/python -m pytest tests/rasa")
