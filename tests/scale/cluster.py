"""Several Rasa replicas and action servers behind nginx on loopback, on PostgreSQL and Redis.

The processes are started the way deploy/systemd and deploy/k8s start them (`python -m bot rasa`,
`python -m bot actions`, `python -m bot web`), with nginx configured by `bot.ops.nginx`.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
from pathlib import Path

from sqlalchemy import create_engine, text

from bot.ops.cli import PROJECT_ROOT, stop_process_groups
from bot.ops.nginx import render, standalone
from tests.e2e.stack import TOKEN, free_port, wait_until_ok

POSTGRES_ADMIN_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
REDIS_ADDRESS = ("127.0.0.1", 6379)


def reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def missing_services() -> str | None:
    """Why a cluster cannot run here, or None."""
    if not reachable("127.0.0.1", 5432):
        return "PostgreSQL is not reachable at 127.0.0.1:5432"
    if not reachable(*REDIS_ADDRESS):
        return "Redis is not reachable at 127.0.0.1:6379"
    if not shutil.which("nginx") and not Path("/usr/sbin/nginx").exists():
        return "nginx is not installed (make test installs Debian's nginx package)"
    return None


class Cluster:
    """``rasa_replicas`` Rasa processes, ``action_servers`` action servers, one web side, nginx in front."""

    def __init__(self, work: Path, rasa_replicas: int = 2, action_servers: int = 2) -> None:
        self.work = work
        work.mkdir(parents=True, exist_ok=True)
        self.database = f"rg_scale_{secrets.token_hex(4)}"
        admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT", future=True)
        with admin.connect() as connection:
            connection.execute(text(f"CREATE DATABASE {self.database}"))
        admin.dispose()
        # A plain postgresql:// URL: Rasa's SQLAlchemy 1.4 reads it with psycopg2, ours (2.1) with psycopg 3.
        self.database_url = POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{self.database}"
        self.rasa_ports = [free_port() for _ in range(rasa_replicas)]
        self.actions_ports = [free_port() for _ in range(action_servers)]
        self.web_port = free_port()
        self.public_port, self.rasa_listen, self.actions_listen = free_port(), free_port(), free_port()
        self.env = {
            **{k: v for k, v in os.environ.items() if k not in {"TELEGRAM_TOKEN", "TRACKER_STORE_URL", "LOG_FORMAT"}},
            "BOT_VAR_DIR": str(work),
            "DATABASE_URL": self.database_url,
            "TRACKER_STORE_URL": self.database_url,
            "REDIS_URL": f"redis://{REDIS_ADDRESS[0]}:{REDIS_ADDRESS[1]}/2",
            "LOCK_STORE_PREFIX": f"scale{secrets.token_hex(4)}",
            # Several machines share keys through the environment, not through var/.
            "BOT_SECRET_KEY": secrets.token_hex(32),
            "BOT_ENCRYPTION_KEY": __import__("cryptography.fernet").fernet.Fernet.generate_key().decode(),
            "RASA_AUTH_TOKEN": TOKEN,
            "BOT_COUNTRY": "US",
            "RASA_TELEMETRY_ENABLED": "false",
            "ACTION_ENDPOINT_URL": f"http://127.0.0.1:{self.actions_listen}/webhook",
            "RASA_REST_URL": f"http://127.0.0.1:{self.rasa_listen}/webhooks/rest/webhook",
            "WEB_PORT": str(self.web_port),
            "LOG_FORMAT": "json",
            # The test is about every conversation going on when a replica is lost, not about latency (`make bench`
            # measures that): on a slow machine running the other test suites beside it, the replica left with all 50
            # conversations took longer than the 20 s default to answer one of them, and the fail-safe answered.
            "RASA_REPLY_TIMEOUT_SECONDS": "50",
            # Likewise a stopping replica finishes the message in progress (the drain), however long it takes here:
            # with the bot's tests and Rasa's story runner beside it, one took longer than the 20 s default.
            "RASA_DRAIN_SECONDS": "60",
        }
        self.procs: dict[str, subprocess.Popen] = {}
        self.nginx_dir = work / "nginx"

    # --------------------------------------------------------------------------- processes
    def _start(self, name: str, args: list[str]) -> None:
        log = open(self.work / f"{name}.log", "ab")
        self.procs[name] = subprocess.Popen(args, cwd=PROJECT_ROOT, env=self.env, stdout=log,
                                            stderr=subprocess.STDOUT, start_new_session=True)
        log.close()

    def start_rasa(self, index: int) -> None:
        self._start(f"rasa{index}", [sys.executable, "-m", "bot", "rasa", "--port", str(self.rasa_ports[index])])

    def wait_until(self, url: str, name: str, seconds: float = 240) -> None:
        wait_until_ok(url, [self.procs[name]], self.work / f"{name}.log", seconds)

    def wait_rasa_ready(self, index: int) -> None:
        self.wait_until(f"http://127.0.0.1:{self.rasa_ports[index]}/webhooks/rest/ready", f"rasa{index}")

    def up(self) -> Cluster:
        migrate = subprocess.run([sys.executable, "-m", "bot", "migrate"], cwd=PROJECT_ROOT, env=self.env,
                                 capture_output=True, text=True, timeout=120)
        assert migrate.returncode == 0, migrate.stdout + migrate.stderr
        config = render(
            [f"127.0.0.1:{p}" for p in self.rasa_ports], [f"127.0.0.1:{p}" for p in self.actions_ports],
            [f"127.0.0.1:{self.web_port}"], public_listen=f"127.0.0.1:{self.public_port}",
            rasa_listen=f"127.0.0.1:{self.rasa_listen}", actions_listen=f"127.0.0.1:{self.actions_listen}",
            access_log=str(self.nginx_dir / "access.log"),
        )
        main = standalone(config, self.nginx_dir)
        self._start("nginx", [shutil.which("nginx") or "/usr/sbin/nginx", "-p", str(self.nginx_dir), "-c", str(main)])
        for index, port in enumerate(self.actions_ports):
            self._start(f"actions{index}", [sys.executable, "-m", "bot", "actions", "--port", str(port)])
        for index in range(len(self.rasa_ports)):
            self.start_rasa(index)
        self._start("web", [sys.executable, "-m", "bot", "web"])
        for index, port in enumerate(self.actions_ports):
            self.wait_until(f"http://127.0.0.1:{port}/health", f"actions{index}")
        for index in range(len(self.rasa_ports)):
            self.wait_rasa_ready(index)
        self.wait_until(f"http://127.0.0.1:{self.web_port}/ready", "web")
        self.wait_until(f"http://127.0.0.1:{self.public_port}/nginx-health", "nginx")
        return self

    def signal(self, name: str, sig: int) -> None:
        os.killpg(self.procs[name].pid, sig)

    def down(self) -> None:
        stop_process_groups(self.procs.values())
        admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT", future=True)
        with admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {self.database} WITH (FORCE)"))
        admin.dispose()

    @property
    def public_url(self) -> str:
        return f"http://127.0.0.1:{self.public_port}"

    def access_log(self) -> list[dict]:
        import json

        path = self.nginx_dir / "access.log"
        return [json.loads(line) for line in path.read_text().splitlines() if line.strip()] if path.exists() else []
