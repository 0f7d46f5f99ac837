"""docker-compose.yml stays in step with the settings (no Docker engine runs here)."""

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SETTINGS = (ROOT / "stemnet" / "settings.py").read_text()


def test_every_service_is_there_with_a_healthcheck():
    services = COMPOSE["services"]
    assert {"web", "worker", "worker-reports", "beat", "postgres", "redis"} <= set(services)
    for name in ("web", "worker", "worker-reports", "postgres", "redis"):
        assert "healthcheck" in services[name], name
    assert "pgdata:/var/lib/postgresql/data" in services["postgres"]["volumes"]
    assert "reports:/data/reports" in services["web"]["volumes"]


def test_environment_names_are_read_by_the_settings():
    environment = COMPOSE["services"]["web"]["environment"]
    read = set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z_]+)"', SETTINGS))
    unknown = set(environment) - read
    assert not unknown, f"compose sets variables the settings never read: {unknown}"


def test_every_celery_queue_routed_in_settings_has_a_worker():
    from django.conf import settings

    commands = " ".join(
        service.get("command", "")
        for service in COMPOSE["services"].values()
        if isinstance(service.get("command"), str)
    )
    consumed = set()
    for match in re.finditer(r"-Q\s+(\S+)", commands):
        consumed.update(match.group(1).split(","))
    routed = {route["queue"] for route in settings.CELERY_TASK_ROUTES.values()}
    routed.add(settings.CELERY_TASK_DEFAULT_QUEUE)
    assert routed <= consumed, f"queues without a worker: {routed - consumed}"
