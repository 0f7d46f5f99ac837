"""loaddemo and the shared commands."""

from pathlib import Path

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
    for email in (
        "leerkracht@stemnet.test",
        "coordinator.vov@stemnet.test",
        "ministerie@stemnet.test",
        "admin@stemnet.test",
        "directie@stemnet.test",
    ):
        assert email in output
    call_command("loaddemo")
    assert _counts() == first
    from networks.models import Centre, Network

    assert set(Centre.objects.filter(network__code="VL").values_list("code", flat=True)) >= {
        "VAN",
        "VBR",
        "VLI",
        "VOV",
        "VWV",
        "BRU",
    }
    assert Network.objects.filter(code="VL").exists()


def test_demo_logins_work(client):
    call_command("loaddemo")
    from stemnet.accounts.demo import DEMO_PASSWORD

    for email in (
        "leerkracht@stemnet.test",
        "coordinator.vov@stemnet.test",
        "ministerie@stemnet.test",
        "admin@stemnet.test",
        "directie@stemnet.test",
    ):
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


# The import kinds the portal must offer and, where they are a fixed interface (the training
# app's kinds), their exact columns.
IMPORT_KINDS = {
    "organisations": None,
    "centres": None,
    "funding": None,
    "trainings": (
        "code",
        "title",
        "centre",
        "format",
        "stem_domains",
        "levels",
        "hours",
        "target_participants",
        "fee_eur",
        "published",
    ),
    "sessions": ("training", "starts_at", "ends_at", "location", "capacity"),
    "participants": (
        "training",
        "email",
        "first_name",
        "last_name",
        "role",
        "school",
        "stem_domain",
        "levels",
        "status",
    ),
    "budget": ("centre", "training", "year", "category", "source", "planned_eur", "paid_eur"),
    "observations": None,
    "indicators": None,
    "targets": None,
}


@pytest.mark.parametrize("name", sorted(IMPORT_KINDS))
def test_every_required_import_kind_is_registered_documented_and_exemplified(name):
    from django.conf import settings

    from stemnet import imports

    kind = imports.kinds()[name]
    if IMPORT_KINDS[name] is not None:
        assert kind.columns == IMPORT_KINDS[name]
    example = settings.BASE_DIR / "fixtures" / "examples" / f"{name}.csv"
    header = example.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert set(kind.columns) <= set(header) <= set(kind.columns) | set(kind.optional_columns)
    docs = (settings.BASE_DIR / "docs" / "imports.md").read_text(encoding="utf-8")
    section = docs.split(f"### `{name}`", 1)[1].split("\n## ", 1)[0].split("\n### ", 1)[0]
    for column in kind.columns + kind.optional_columns:
        assert f"`{column}`" in section, (name, column)


EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "fixtures" / "examples").glob("*.csv"))


@pytest.mark.parametrize("csv_path", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_exists_as_csv_and_xlsx_with_the_same_rows(csv_path):
    from stemnet.tabular import read_table

    xlsx_path = csv_path.with_suffix(".xlsx")
    assert xlsx_path.exists(), f"{xlsx_path.name} is missing"
    from_csv = read_table(csv_path.read_bytes(), csv_path.name)
    from_xlsx = read_table(xlsx_path.read_bytes(), xlsx_path.name)
    assert from_csv.headers == from_xlsx.headers
    normalise = {"true": "yes", "false": "no"}
    for line, (a, b) in enumerate(zip(from_csv, from_xlsx, strict=True), start=2):
        assert [normalise.get(v, v) for v in a] == [normalise.get(v, v) for v in b] or _same_values(
            a, b
        ), f"{csv_path.stem}, line {line}: {a} != {b}"


def _same_values(a, b) -> bool:
    """XLSX cells may be numbers or dates where the CSV has their text."""
    from stemnet.resources import parse_number

    for x, y in zip(a, b, strict=True):
        if x == y:
            continue
        try:
            if parse_number(x) == parse_number(y):
                continue
        except ValueError:
            pass
        if x.replace("T", " ")[:16] == y.replace("T", " ")[:16]:
            continue
        return False
    return True
