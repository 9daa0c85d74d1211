"""One package per process: the public sides run on Python 3.12 without Rasa, and the safety screen gives
the same verdicts in Rasa's environment (Python 3.10, spaCy 3.4) as in the sides' (Python 3.12, spaCy 3.8)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from bot.config import PROJECT_ROOT, rasa_python
from bot.core.safety.classifier import CORPUS, load_corpus

NEVER_IN_A_SIDE = ("rasa", "rasa_sdk", "sanic", "tensorflow")

# Import a side, build what it serves, and screen a message (the fail-safe: spaCy and the classifier).
LOADS = {
    "bot.sides.web": "from bot.sides.web import WebSide, widget_config\n"
                     "WebSide('http://127.0.0.1:9/webhooks/rest/webhook').app(); widget_config()",
    "bot.sides.telegram": "import bot.sides.telegram",
}
CHECK = """
import json, sys
{load}
from bot.core.replies import fail_safe_reply
assert '988' in fail_safe_reply('i want to kill myself', 'US')['text']
print(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}} & set({never!r}))))
"""


def test_sides_run_on_python_3_12() -> None:
    assert sys.version_info[:2] == (3, 12), "the bot's own environment (.venv) is Python 3.12"


@pytest.mark.parametrize("side", sorted(LOADS))
def test_a_side_never_loads_rasa_sanic_or_tensorflow(side: str) -> None:
    code = CHECK.format(load=LOADS[side], never=NEVER_IN_A_SIDE)
    result = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert json.loads(result.stdout.strip().splitlines()[-1]) == [], f"{side} loaded them"


SCREEN_ALL = """
import json, sys
from bot.core.safety.screen import screen_message
texts = json.load(sys.stdin)
print(json.dumps([[screen_message(t).tier, screen_message(t).category] for t in texts]))
"""


def test_the_screen_agrees_on_both_pythons() -> None:
    """Rasa screens in its environment, the sides' fail-safe in theirs: same rules, same model, same verdict."""
    texts = [example.text for example in load_corpus(CORPUS / "validation")]
    texts += ["kill my self", "k i l l  m y s e l f", "kіll mуsеlf", "i want to\nend it", "hello", ""]
    verdicts = {}
    for name, python in (("3.12", sys.executable), ("3.10", rasa_python())):
        result = subprocess.run([python, "-c", SCREEN_ALL], input=json.dumps(texts), cwd=PROJECT_ROOT,
                                capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, result.stderr[-2000:]
        verdicts[name] = json.loads(result.stdout.strip().splitlines()[-1])
    differing = [(text, a, b) for text, a, b in zip(texts, verdicts["3.12"], verdicts["3.10"], strict=True)
                 if a != b]
    assert not differing, differing[:10]
