"""What deploy/ ships: nginx's configuration, systemd units, Kubernetes manifests, and endpoints.yml by env."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bot.config import lock_store_environment
from bot.ops.nginx import render, standalone
from tests.conftest import PROJECT_ROOT

DEPLOY = PROJECT_ROOT / "deploy"
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
SECRETS = {"DATABASE_URL", "RASA_AUTH_TOKEN", "BOT_SECRET_KEY", "BOT_ENCRYPTION_KEY", "TELEGRAM_TOKEN",
           "TELEGRAM_SECRET_TOKEN", "CLINIC_ALERT_WEBHOOK"}


def _config(**kwargs: str) -> str:
    return render(["10.0.0.1:5005", "10.0.0.2:5005"], ["10.0.0.1:5055", "10.0.0.2:5055"], ["10.0.0.1:8000"], **kwargs)


def test_nginx_configuration_routes_by_conversation_and_never_resends_a_post() -> None:
    config = _config()
    assert "@" not in config.replace("$", "")  # every placeholder filled
    rasa_block = config[config.index("upstream recovery_guide_rasa"):config.index("upstream recovery_guide_actions")]
    assert "hash $recovery_guide_conversation consistent;" in rasa_block
    assert rasa_block.count("server 10.0.0.") == 2
    assert "non_idempotent" not in config.split("#")[0] and all(
        "non_idempotent" not in line for line in config.splitlines() if not line.strip().startswith("#"))
    log_format = config[config.index("log_format"):config.index("map ")]
    assert "$request_uri" not in log_format and "$args" not in log_format and "$remote_addr" not in log_format


def test_nginx_addresses_are_checked() -> None:
    with pytest.raises(ValueError):
        render([], ["a:1"], ["b:2"])
    with pytest.raises(ValueError):
        render(["10.0.0.1:5005; include /etc/passwd"], ["a:1"], ["b:2"])


@pytest.mark.skipif(NGINX is None, reason="nginx is not installed (make test installs it)")
def test_nginx_accepts_the_configuration(tmp_path: Path) -> None:
    config = _config(public_listen="127.0.0.1:18080", rasa_listen="127.0.0.1:18081",
                     actions_listen="127.0.0.1:18082", access_log=str(tmp_path / "access.log"))
    main = standalone(config, tmp_path)
    result = subprocess.run([NGINX, "-t", "-p", str(tmp_path), "-c", str(main)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_nginx_config_command_prints_it() -> None:
    result = subprocess.run([sys.executable, "-m", "bot", "nginx-config", "--rasa", "127.0.0.1:5005", "--rasa",
                             "127.0.0.1:5006", "--actions", "127.0.0.1:5055", "--web", "127.0.0.1:8000"],
                            cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "server 127.0.0.1:5006 max_fails=1" in result.stdout and "listen 127.0.0.1:5004;" in result.stdout


def test_lock_store_follows_redis_url() -> None:
    assert lock_store_environment({})["LOCK_STORE_TYPE"] == "in_memory"
    env = lock_store_environment({"REDIS_URL": "redis://:pw@redis.internal:6380/3"})
    assert (env["LOCK_STORE_TYPE"], env["LOCK_STORE_HOST"], env["LOCK_STORE_PORT"], env["LOCK_STORE_DB"],
            env["LOCK_STORE_PASSWORD"]) == ("redis", "redis.internal", "6380", "3", "pw")
    assert env["TICKET_LOCK_LIFETIME"] == "10"
    longer = lock_store_environment({"REDIS_URL": "redis://r", "TICKET_LOCK_LIFETIME": "30"})
    assert longer["TICKET_LOCK_LIFETIME"] == "30"


def _unit_names() -> list[str]:
    return sorted(p.name for p in (DEPLOY / "systemd").iterdir() if p.suffix in {".service", ".target"})


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed")
def test_systemd_units_verify(tmp_path: Path) -> None:
    names = []
    for name in _unit_names():
        text = (DEPLOY / "systemd" / name).read_text().replace("/opt/recovery-guide", str(PROJECT_ROOT))
        if "@." in name:
            name = name.replace("@.", "@5005.")
        (tmp_path / name).write_text(text)
        names.append(f"./{name}")
    result = subprocess.run(["systemd-analyze", "verify", "--man=no", *names], cwd=tmp_path,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and not result.stderr.strip(), result.stderr


def test_systemd_units_run_our_processes_and_stop_gracefully() -> None:
    services = [n for n in _unit_names() if n.endswith(".service")]
    assert {"recovery-guide-rasa@.service", "recovery-guide-actions@.service", "recovery-guide-web.service",
            "recovery-guide-telegram.service", "recovery-guide-migrate.service"} == set(services)
    for name in services:
        text = (DEPLOY / "systemd" / name).read_text()
        assert "-m bot " in text and "EnvironmentFile=/etc/recovery-guide/env" in text, name
        if "migrate" not in name:
            assert "Restart=always" in text and "KillSignal=SIGTERM" in text
            # longer than Rasa's drain (RASA_DRAIN_SECONDS, 20 s)
            assert int(text.split("TimeoutStopSec=")[1].split()[0]) > 20


def _manifests() -> list[dict]:
    documents = []
    for path in sorted((DEPLOY / "k8s").glob("*.yaml")):
        documents += [d for d in yaml.safe_load_all(path.read_text()) if d]
    return documents


def test_kubernetes_workloads_have_probes_and_take_secrets_from_the_secret() -> None:
    documents = _manifests()
    kinds = {(d["kind"], d["metadata"]["name"]) for d in documents}
    assert {("StatefulSet", "rasa"), ("Deployment", "actions"), ("Deployment", "web"), ("Deployment", "telegram"),
            ("Service", "rasa"), ("Service", "actions"), ("Service", "web"), ("ConfigMap", "recovery-guide"),
            ("Job", "recovery-guide-migrate")} <= kinds
    config = next(d for d in documents if d["kind"] == "ConfigMap")["data"]
    assert not SECRETS & set(config), "secrets belong in the Secret, not the ConfigMap"
    for document in documents:
        if document["kind"] not in {"Deployment", "StatefulSet", "Job"}:
            continue
        for container in document["spec"]["template"]["spec"]["containers"]:
            assert {"secretRef": {"name": "recovery-guide"}} in container["envFrom"]
            assert not [e for e in container.get("env", []) if e["name"] in SECRETS and "value" in e]
            assert container["command"][:3] == ["python", "-m", "bot"]
            if document["kind"] != "Job":
                assert container["readinessProbe"]["httpGet"]["path"] and container["livenessProbe"]["httpGet"]["path"]


def test_kubernetes_routing_list_matches_the_rasa_replicas() -> None:
    documents = _manifests()
    rasa = next(d for d in documents if d["kind"] == "StatefulSet" and d["metadata"]["name"] == "rasa")
    urls = next(d for d in documents if d["kind"] == "ConfigMap")["data"]["RASA_REST_URL"].split(",")
    assert urls == [f"http://rasa-{i}.rasa:5005/webhooks/rest/webhook" for i in range(rasa["spec"]["replicas"])]
    probe_paths = {c["readinessProbe"]["httpGet"]["path"] for c in rasa["spec"]["template"]["spec"]["containers"]}
    assert probe_paths == {"/webhooks/rest/ready"}
    grace = rasa["spec"]["template"]["spec"]["terminationGracePeriodSeconds"]
    assert grace > 5 + 20, "preStop sleep plus Rasa's drain must fit in the grace period"
