"""Load scripts for `make bench`: a realistic Recovery Guide conversation, and Rasa's starter bot.

Run by tests/bench/test_serving_bench.py and test_scale_bench.py with locust (headless); each simulated
user repeats its script with a fresh sender id. Every message counts as one request. Like our web and
Telegram sides, each message carries a message_id and the X-Conversation-Key header nginx routes on.
"""

from __future__ import annotations

import hashlib
import os
import uuid

from locust import HttpUser, constant, task

RECOVERY_GUIDE_SCRIPT = (
    "hello", "yes", "check in", "6", "3", "7", "yes", "skip", "an ordinary day", "coping ideas", "bye",
)
STARTER_SCRIPT = ("hello", "I am sad", "yes", "bye")
SCRIPT = STARTER_SCRIPT if os.environ.get("BENCH_BOT") == "starter" else RECOVERY_GUIDE_SCRIPT


class Conversation(HttpUser):
    wait_time = constant(0)

    @task
    def talk(self) -> None:
        sender = f"bench-{uuid.uuid4().hex[:12]}"
        headers = {"X-Conversation-Key": hashlib.sha256(sender.encode()).hexdigest()[:24],
                   "X-Internal-Token": os.environ.get("INTERNAL_API_TOKEN", "")}
        for turn, message in enumerate(SCRIPT, start=1):
            body = {"sender": sender, "message": message}
            if os.environ.get("BENCH_BOT") != "starter":
                body["message_id"] = uuid.uuid4().hex
            # named per turn, so the stats show which turns cost most (the Aggregated row is all of them)
            with self.client.post("/webhooks/rest/webhook", json=body, headers=headers,
                                  name=f"{turn:02d} {message}", catch_response=True) as response:
                if response.status_code != 200 or not response.json():
                    response.failure(f"HTTP {response.status_code} or no reply")
