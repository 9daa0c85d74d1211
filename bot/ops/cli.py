"""`python -m bot ...`: run the whole bot, migrate, and the clinic administrator's data commands."""

from __future__ import annotations

import argparse
import json
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from typing import Iterable, Sequence

from bot import config
from bot.config import PROJECT_ROOT
from bot.logs import LOGGING_CONFIG, json_logs_wanted

MODEL = PROJECT_ROOT / "models" / "recovery-guide.tar.gz"


def _print(message: str) -> None:
    if json_logs_wanted():
        stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        print(json.dumps({"event": message, "timestamp": stamp, "level": "info", "logger": "bot.ops.cli"}), flush=True)
    else:
        print(f"[recovery-guide] {message}", flush=True)


def rasa_environment() -> dict[str, str]:
    """Environment for the Rasa and action-server processes (endpoints.yml reads it)."""
    from sqlalchemy.engine import make_url

    settings = config.load_settings()
    env = dict(os.environ)
    env.setdefault("RASA_TELEMETRY_ENABLED", "false")
    env.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    tracker_url = config.tracker_store_url(env)
    if not tracker_url:
        if settings.database_url.startswith("sqlite"):
            tracker_url = f"sqlite:///{settings.var_dir / 'conversations.db'}"
        else:
            tracker_url = settings.database_url
    env["TRACKER_STORE_URL"] = tracker_url
    env["TRACKER_DIALECT"] = make_url(tracker_url).get_backend_name()
    # Rasa shows this token to the action server on every call (endpoints.yml).
    env["ACTION_SERVER_TOKEN"] = settings.action_server_token
    # The sides show this one to Rasa's REST channel (bot/rasa/rest.py).
    env["INTERNAL_API_TOKEN"] = settings.internal_token
    # The generated keys are shared with the action server through var/ (0600), not the environment.
    return env


def _wait_for(url: str, seconds: float, procs: list[subprocess.Popen]) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if any(p.poll() is not None for p in procs):
            return False
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return True
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.5)
    return False


def process_commands(
    env: dict[str, str], rasa_port: int, actions_port: int, token: str
) -> dict[str, list[str]]:
    """The processes that make up the bot, by name. Sets ACTION_ENDPOINT_URL in ``env`` if unset.

    Rasa runs on its own interpreter (``RASA_PYTHON``: Python 3.10); every other process on this one."""
    python = sys.executable
    rasa_python = config.rasa_python(env)
    env.setdefault("ACTION_ENDPOINT_URL", f"http://127.0.0.1:{actions_port}/webhook")
    # Shared by every process started here, so Rasa and the action server (and the sides and Rasa)
    # show each other the same tokens even when the variables are not set.
    for name in ("ACTION_SERVER_TOKEN", "INTERNAL_API_TOKEN"):
        env[name] = env.get(name) or secrets.token_urlsafe(32)
    for name, value in config.lock_store_environment(env).items():
        env.setdefault(name, value)
    json_logs = json_logs_wanted(env)
    if json_logs:  # libraries warn at import time, before any logging is configured
        env.setdefault("PYTHONWARNINGS", "ignore::DeprecationWarning")
    logging_flags = ["--logging-config-file", str(LOGGING_CONFIG)] if json_logs else []
    # rasa-sdk spells its flag with an underscore
    actions_logging = ["--logging-config_file", str(LOGGING_CONFIG)] if json_logs else []
    commands = {
        "actions": [python, "-m", "bot.ops.actions_server", "--actions", "actions", "--port", str(actions_port),
                    *actions_logging],
        "rasa": [
            rasa_python, "-m", "bot.rasa.entry", "run", "--model", str(MODEL), "--port", str(rasa_port),
            "--interface", config.rasa_host(env), "--enable-api",
            "--credentials", str(PROJECT_ROOT / "credentials.yml"),
            "--endpoints", str(PROJECT_ROOT / "endpoints.yml"),
            "--cors", config.allowed_origins(env), *logging_flags,
        ],
    }
    # The HTTP API's token reaches Rasa through the environment, not its command line (which `ps` shows
    # to every user of the machine); bot/rasa/entry.py passes it on inside the process.
    if token:
        env["RASA_AUTH_TOKEN"] = token
    env["RASA_REST_URL"] = config.rasa_rest_url(env, rasa_port)
    env["WEB_PORT"] = str(config.web_port(env))
    commands["web"] = [python, "-m", "bot", "web"]
    if config.telegram_enabled(env):
        commands["telegram"] = [python, "-m", "bot", "telegram"]
    return commands


def run(args: argparse.Namespace) -> int:
    """Start the action server and Rasa; a process that dies is restarted; Ctrl-C stops all."""
    from bot.config import protect_files, var_dir
    from bot.store import Store

    if not MODEL.exists():
        _print(f"No trained model at {MODEL}. Run `make train` (or `make run`, which trains first).")
        return 2
    store = Store.from_settings()
    store.migrate()
    store.dispose()
    env = rasa_environment()
    protect_files(var_dir())  # files an older version left readable by others
    token = config.rasa_auth_token(env)
    if not token:
        token = secrets.token_urlsafe(24)
        env["RASA_AUTH_TOKEN"] = token
        _print(f"RASA_AUTH_TOKEN was not set; this run's HTTP API token is: {token}")
    commands = process_commands(env, args.rasa_port, args.actions_port, token)
    rasa_port = str(args.rasa_port)
    supervisor = Supervisor(commands, env)
    signal.signal(signal.SIGTERM, lambda *_: (supervisor.stop(), sys.exit(0)))
    # Ctrl-C must stop everything even when started from a script that ignores SIGINT for background jobs.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        supervisor.start_all()
        status_url = f"http://127.0.0.1:{rasa_port}/status?token={token}"
        if not _wait_for(status_url, args.ready_timeout, list(supervisor.procs.values())):
            _print("Rasa did not load the model; see the log above. Stopping.")
            return 1
        _print(
            f"ready: web chat http://localhost:{env['WEB_PORT']}/ (the widget's API: POST /session, then "
            "POST /webhooks/rest/webhook with 'Authorization: Bearer <token>'; README.md shows curl). "
            "Ctrl-C stops everything."
        )
        return supervisor.watch()
    except KeyboardInterrupt:
        _print("stopping")
        return 0
    finally:
        supervisor.stop()


class Supervisor:
    """Keeps the bot's processes running: a process that dies is restarted, a crash loop stops all."""

    MAX_RESTARTS = 5
    WINDOW_SECONDS = 60.0
    # A channel that depends on someone else's service (Telegram's Bot API unreachable, a token refused) never takes
    # the web chat and crisis help down with it: it is retried, less and less often, while the rest goes on.
    RETRIED_ALONE = frozenset({"telegram"})
    LONGEST_WAIT = 300.0

    def __init__(self, commands: dict[str, list[str]], env: dict[str, str]) -> None:
        self.commands = commands
        self.env = env
        self.procs: dict[str, subprocess.Popen] = {}
        self.restarts: dict[str, list[float]] = {name: [] for name in commands}
        self.waiting: dict[str, float] = {}  # name -> when a process retried alone starts again
        self.waits: dict[str, float] = {}

    def start(self, name: str) -> None:
        self.procs[name] = subprocess.Popen(
            self.commands[name], cwd=PROJECT_ROOT, env=self.env, start_new_session=True
        )
        _print(f"started {name} (pid {self.procs[name].pid})")

    def start_all(self) -> None:
        for name in self.commands:
            self.start(name)

    def watch(self) -> int:
        while True:
            time.sleep(0.5)
            for name, proc in list(self.procs.items()):
                if proc.poll() is None:
                    continue
                now = time.monotonic()
                if name in self.waiting:
                    if now >= self.waiting[name]:
                        del self.waiting[name]
                        self.restarts[name] = [now]
                        self.start(name)
                    continue
                recent = [t for t in self.restarts[name] if now - t < self.WINDOW_SECONDS]
                if len(recent) >= self.MAX_RESTARTS and name in self.RETRIED_ALONE:
                    wait = min(self.LONGEST_WAIT, self.waits.get(name, self.WINDOW_SECONDS / 2) * 2)
                    self.waits[name], self.waiting[name] = wait, now + wait
                    _print(f"{name} keeps stopping (exit code {proc.returncode}); the rest goes on, and {name} is "
                           f"tried again in {wait:.0f} s.")
                    continue
                if len(recent) >= self.MAX_RESTARTS:
                    _print(f"{name} keeps stopping (exit code {proc.returncode}); stopping everything.")
                    return 1
                self.restarts[name] = recent + [now]
                _print(f"{name} stopped (exit code {proc.returncode}); restarting it.")
                self.start(name)

    def stop(self) -> None:
        stop_process_groups(self.procs.values())


def stop_process_groups(procs: Iterable[subprocess.Popen], timeout: float = 30) -> None:
    """SIGTERM each process group (Rasa drains, others finish what they have), SIGKILL after ``timeout``."""
    procs = list(procs)
    for proc in procs:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
    for proc in procs:
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def one_process(args: argparse.Namespace) -> int:
    """Run one of the bot's processes in the foreground (systemd units and Kubernetes use these)."""
    env = rasa_environment()
    token = config.rasa_auth_token(env)
    if args.command == "rasa" and not token:
        _print("RASA_AUTH_TOKEN must be set for `python -m bot rasa` (it protects Rasa's HTTP API).")
        return 2
    if args.command == "rasa" and not MODEL.exists():
        _print(f"No trained model at {MODEL}. Run `make train`.")
        return 2
    command = process_commands(env, args.port, args.port, token or "")[args.command]
    sys.stdout.flush()
    os.chdir(PROJECT_ROOT)
    os.execve(command[0], command, env)  # signals (graceful stop on SIGTERM) go straight to Rasa / rasa-sdk


def migrate(_: argparse.Namespace) -> int:
    from bot.store import Store

    store = Store.from_settings()
    store.migrate()
    _print(f"database is up to date ({store.engine.url.render_as_string(hide_password=True)})")
    return 0


def export(args: argparse.Namespace) -> int:
    from bot.store import Store

    store = Store.from_settings()
    store.migrate()
    print(json.dumps(store.people.export(args.sender_id), indent=2, ensure_ascii=False))
    return 0


def delete(args: argparse.Namespace) -> int:
    from bot.store import Store

    store = Store.from_settings()
    store.migrate()
    had_data = store.people.delete(args.sender_id)
    events = store.people.delete_conversation(args.sender_id, rasa_environment()["TRACKER_STORE_URL"])
    _print(f"deleted stored data: {'yes' if had_data else 'none found'}; conversation events: {events}")
    return 0


def screen(args: argparse.Namespace) -> int:
    from bot.core.safety import screen_message

    assessment = screen_message(args.text)
    print(json.dumps({
        "is_crisis": assessment.is_crisis,
        "category": assessment.category,
        "categories": list(assessment.categories),
        "severity": assessment.severity,
        "evidence": [e.__dict__ for e in assessment.evidence],
    }, indent=2))
    return 0


def train_classifier(_: argparse.Namespace) -> int:
    """Train the learned risk classifier (`make train` runs this when its corpus or code changed)."""
    from bot.core.safety.training import main as classifier_main

    return classifier_main(["train"])


def web_side(_: argparse.Namespace) -> int:
    from bot.sides.web import main as web_main

    return web_main()


def telegram(_: argparse.Namespace) -> int:
    from bot.sides.telegram import main as telegram_main

    return telegram_main()


def nginx_config(args: argparse.Namespace) -> int:
    from bot.ops.nginx import render

    try:
        print(render(args.rasa, args.actions, args.web, args.listen, args.rasa_listen, args.actions_listen,
                     args.access_log), end="")
    except ValueError as problem:
        _print(str(problem))
        return 2
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot", description="Recovery Guide")
    sub = parser.add_subparsers(dest="command", required=True)
    p_run = sub.add_parser("run", help="start the bot (action server, Rasa, and enabled channels)")
    p_run.add_argument("--rasa-port", type=int, default=config.rasa_port())
    p_run.add_argument("--actions-port", type=int, default=config.actions_port())
    p_run.add_argument("--ready-timeout", type=float, default=300.0)
    p_run.set_defaults(func=run)
    sub.add_parser("migrate", help="apply database migrations").set_defaults(func=migrate)
    p_rasa = sub.add_parser("rasa", help="run one Rasa replica in the foreground (needs RASA_AUTH_TOKEN)")
    p_rasa.add_argument("--port", type=int, default=config.rasa_port())
    p_rasa.set_defaults(func=one_process)
    p_actions = sub.add_parser("actions", help="run one action server in the foreground")
    p_actions.add_argument("--port", type=int, default=config.actions_port())
    p_actions.set_defaults(func=one_process)
    p_export = sub.add_parser("export", help="print everything stored about a sender as JSON")
    p_export.add_argument("sender_id", help="the id the channel gives, e.g. the REST 'sender'")
    p_export.set_defaults(func=export)
    p_delete = sub.add_parser("delete", help="delete everything stored about a sender")
    p_delete.add_argument("sender_id")
    p_delete.set_defaults(func=delete)
    sub.add_parser("telegram", help="run the Telegram side (needs TELEGRAM_TOKEN)").set_defaults(func=telegram)
    sub.add_parser("web", help="serve the chat widget and demo page on WEB_PORT").set_defaults(func=web_side)
    sub.add_parser("train-classifier", help="train the risk classifier from data/safety/ (make train does)") \
        .set_defaults(func=train_classifier)
    p_nginx = sub.add_parser("nginx-config", help="print nginx's configuration for several replicas")
    p_nginx.add_argument("--rasa", action="append", required=True, metavar="HOST:PORT", help="a Rasa replica")
    p_nginx.add_argument("--actions", action="append", required=True, metavar="HOST:PORT", help="an action server")
    p_nginx.add_argument("--web", action="append", required=True, metavar="HOST:PORT", help="a web side")
    p_nginx.add_argument("--listen", default="80", help="public listener (widget and demo page)")
    p_nginx.add_argument("--rasa-listen", default="127.0.0.1:5004", help="internal listener for Rasa's REST")
    p_nginx.add_argument("--actions-listen", default="127.0.0.1:5054", help="internal listener for Rasa's actions")
    p_nginx.add_argument("--access-log", default="/var/log/nginx/recovery-guide.log")
    p_nginx.set_defaults(func=nginx_config)
    p_screen = sub.add_parser("screen", help="show what the safety screen makes of a text")
    p_screen.add_argument("text")
    p_screen.set_defaults(func=screen)
    args = parser.parse_args(argv)
    return int(args.func(args))
