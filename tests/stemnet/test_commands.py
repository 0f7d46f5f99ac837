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


# The kinds and columns the issues name (issue 5 gives the training app's columns exactly).
ISSUE_KINDS = {
    "organisations": None, "centres": None, "funding": None,
    "trainings": ("code", "title", "centre", "format", "stem_domains", "levels", "hours",
                  "target_participants", "fee_eur", "published"),
    "sessions": ("training", "starts_at", "ends_at", "location", "capacity"),
    "participants": ("training", "email", "first_name", "last_name", "role", "school",
                     "stem_domain", "levels", "status"),
    "budget": ("centre", "training", "year", "category", "source", "planned_eur", "paid_eur"),
    "observations": None, "indicators": None, "targets": None,
}


@pytest.mark.parametrize("name", sorted(ISSUE_KINDS))
def test_every_import_kind_of_the_issues_is_registered_documented_and_exemplified(name):
    from django.conf import settings

    from stemnet import imports

    kind = imports.kinds()[name]
    if ISSUE_KINDS[name] is not None:
        assert kind.columns == ISSUE_KINDS[name]
    example = settings.BASE_DIR / "fixtures" / "examples" / f"{name}.csv"
    header = example.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert set(kind.columns) <= set(header) <= set(kind.columns) | set(kind.optional_columns)
    docs = (settings.BASE_DIR / "docs" / "imports.md").read_text(encoding="utf-8")
    section = docs.split(f"### `{name}`", 1)[1].split("\n## ", 1)[0].split("\n### ", 1)[0]
    for column in kind.columns + kind.optional_columns:
        assert f"`{column}`" in section, (name, column)
