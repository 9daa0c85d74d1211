"""The nginx configuration for several Rasa replicas and action servers (deploy/nginx/recovery-guide.conf)."""

from __future__ import annotations

import os
import pwd
import re
from pathlib import Path

from bot.content.loader import PROJECT_ROOT

TEMPLATE = PROJECT_ROOT / "deploy" / "nginx" / "recovery-guide.conf"
ADDRESS = re.compile(r"^[A-Za-z0-9.\-\[\]:]+:\d{1,5}$")


def _servers(addresses: list[str], what: str, fail_timeout: int) -> str:
    if not addresses:
        raise ValueError(f"at least one {what} address (HOST:PORT) is needed")
    for address in addresses:
        if not ADDRESS.match(address):
            raise ValueError(f"{what} address {address!r} is not HOST:PORT")
    return "\n".join(f"    server {a} max_fails=1 fail_timeout={fail_timeout}s;" for a in addresses)


def render(
    rasa: list[str],
    actions: list[str],
    web: list[str],
    public_listen: str = "80",
    rasa_listen: str = "127.0.0.1:5004",
    actions_listen: str = "127.0.0.1:5054",
    access_log: str = "/var/log/nginx/recovery-guide.log",
    fail_timeout: int = 10,
) -> str:
    """The http-context configuration for these upstream addresses and listeners."""
    values = {
        "@RASA_SERVERS@": _servers(rasa, "Rasa", fail_timeout),
        "@ACTION_SERVERS@": _servers(actions, "action server", fail_timeout),
        "@WEB_SERVERS@": _servers(web, "web side", fail_timeout),
        "@PUBLIC_LISTEN@": public_listen,
        "@RASA_LISTEN@": rasa_listen,
        "@ACTIONS_LISTEN@": actions_listen,
        "@ACCESS_LOG@": access_log,
    }
    text = TEMPLATE.read_text(encoding="utf-8")
    for placeholder, value in values.items():
        text = text.replace(placeholder, value)
    return text


def standalone(http_config: str, directory: Path) -> Path:
    """A complete nginx.conf running from ``directory`` (its own pid, logs and temp files); for tests and benches."""
    directory.mkdir(parents=True, exist_ok=True)
    for temp in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (directory / temp).mkdir(exist_ok=True)
    (directory / "recovery-guide.conf").write_text(http_config, encoding="utf-8")
    main = directory / "nginx.conf"
    # Started by root, nginx's workers would run as "nobody" and could not use a private temp directory.
    user = f"user {pwd.getpwuid(os.geteuid()).pw_name};\n" if os.geteuid() == 0 else ""
    main.write_text(
        f"""{user}worker_processes 1;
daemon off;
pid {directory}/nginx.pid;
error_log {directory}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    client_body_temp_path {directory}/body;
    proxy_temp_path {directory}/proxy;
    fastcgi_temp_path {directory}/fastcgi;
    uwsgi_temp_path {directory}/uwsgi;
    scgi_temp_path {directory}/scgi;
    include {directory}/recovery-guide.conf;
}}
""",
        encoding="utf-8",
    )
    return main
