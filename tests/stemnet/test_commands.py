"""loaddemo and the shared commands."""

import pytest
from django.apps import apps
from django.core.management import call_command

pytestmark = pytest.mark.django_db(transaction=False)


def _counts():
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in {"accounts", "networks", "trainings", "monitor", "account"}
    }


def test_loaddemo_is_idempotent_and_prints_logins(capsys):
    call_command("loaddemo")
    first = _counts()
    output = capsys.readouterr().out
    for email in ("leerkracht@stemnet.test", "coordinator.vov@stemnet.test",
                  "ministerie@stemnet.test", "admin@stemnet.test"):
        assert email in output
    call_command("loaddemo")
    assert _counts() == first
    from networks.models import Centre, Network

    assert set(Centre.objects.filter(network__code="VL").values_list("code", flat=True)) >= {
        "VAN", "VBR", "VLI", "VOV", "VWV", "BRU"}
    assert Network.objects.filter(code="VL").exists()


def test_demo_logins_work(client):
    call_command("loaddemo")
    from stemnet.accounts.demo import DEMO_PASSWORD

    for email in ("leerkracht@stemnet.test", "coordinator.vov@stemnet.test",
                  "ministerie@stemnet.test", "admin@stemnet.test"):
        client.logout()
        response = client.post("/account/login/", {"login": email, "password": DEMO_PASSWORD})
        assert response.status_code == 302, email
        assert "_auth_user_id" in client.session, email


def test_import_data_rejects_an_unknown_kind(tmp_path):
    from django.core.management.base import CommandError

    file = tmp_path / "x.csv"
    file.write_text("a\n1\n")
    with pytest.raises(CommandError, match="Unknown kind"):
        call_command("import_data", "nope", str(file))
