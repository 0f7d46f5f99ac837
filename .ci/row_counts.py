"""Row counts of every model's table, to prove that a database migrates forward losing no row.

    python .ci/row_counts.py fill                       # cwd: the root of the old tree
    python .ci/row_counts.py count OUT.json             # cwd: the root of the tree to count
    python .ci/row_counts.py compare OLD.json NEW.json

``fill`` adds a row to tables the demo leaves empty but a real database has (a requested
report, a personal calendar feed), so that their move is proven with a row, not only a table.

``count`` sets Django up from the working directory (put first on sys.path, ahead of the
editable install), so the same code counts an old commit's tree and today's. It writes
``{"app_label.ModelName": rows}`` for every concrete model, auto-created many-to-many tables
included (``app_label.Model_field``). ``compare`` prints ``label  old  new  ok`` for each model
of the old counts and exits 1 when a model is missing or its count differs. A model that
changed app is looked up under its label in ``MOVED`` (its many-to-many tables follow it), or
under its old label while the move has not happened yet in the new tree.
"""

import json
import os
import sys

# Models that changed app: old label -> new label.
MOVED = {
    **{
        f"trainings.{name}": f"evaluations.{name}"
        for name in (
            "Questionnaire",
            "Question",
            "Survey",
            "SurveyLink",
            "Invitation",
            "Response",
            "Answer",
        )
    },
    "monitor.ReportJob": "reports.ReportJob",
}


def _setup():
    sys.path.insert(0, os.getcwd())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stemnet.settings")
    import django

    django.setup()


def fill():
    """One report job and one calendar feed, whichever app holds them in this tree."""
    _setup()
    import datetime as dt

    from django.apps import apps
    from django.contrib.auth import get_user_model

    person = get_user_model().objects.order_by("pk").first()
    for label in ("monitor.ReportJob", "reports.ReportJob"):
        try:
            job = apps.get_model(label)
        except LookupError:
            continue
        job.objects.create(
            key="migrate-forward",
            kind="yearly",
            scope_kind="network",
            scope_codes="VL",
            period_from=dt.date(2017, 1, 1),
            period_to=dt.date(2017, 12, 31),
            format="pdf",
            status="done",
            requested_by=person,
        )
    feed = apps.get_model("trainings.CalendarFeed")
    if person is not None:
        feed.objects.get_or_create(person=person, defaults={"token": "migrate-forward"})


def count(out_path):
    """Write the row count of every concrete model (and auto-created M2M table) to out_path."""
    sys.path.insert(0, os.getcwd())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stemnet.settings")
    import django

    django.setup()
    from django.apps import apps
    from django.db import connection

    import trainings

    print(f"row_counts: counting with the code of {os.path.dirname(trainings.__file__)}")
    counts = {}
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            meta = model._meta
            if meta.proxy or not meta.managed:
                continue  # a proxy shares its concrete model's table
            table = connection.ops.quote_name(meta.db_table)
            cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608 (a table name)
            counts[meta.label] = cursor.fetchone()[0]
    with open(out_path, "w") as out:
        json.dump(dict(sorted(counts.items())), out, indent=1)
    print(f"row_counts: {len(counts)} models, {sum(counts.values())} rows -> {out_path}")


def new_label(label, new):
    """The label under which the old model `label` is found in the new counts (None: missing)."""
    app, _, name = label.partition(".")
    owner, sep, field = name.partition("_")  # an auto-created M2M table follows its model
    moved = MOVED.get(f"{app}.{owner}")
    candidates = [moved + sep + field] if moved else []
    return next((c for c in [*candidates, label] if c in new), None)


# Rows Django adds for every new model: one content type, four permissions (add, change,
# delete, view). They grow by exactly that; a lost row is still a failure.
PER_NEW_MODEL = {"contenttypes.ContentType": 1, "auth.Permission": 4}


def new_models(old, new):
    """Models of the new tree that the old tree did not have (moved ones are not new)."""
    carried = {new_label(label, new) for label in old}
    return sorted(
        label for label in new if label not in carried and "_" not in label.partition(".")[2]
    )


def compare(old_path, new_path):
    """Print old and new counts side by side; return 1 when a model or a row went missing."""
    with open(old_path) as f:
        old = json.load(f)
    with open(new_path) as f:
        new = json.load(f)
    lines, problems, notes = [], [], []
    added = new_models(old, new)
    for label, rows in sorted(old.items()):
        target = new_label(label, new)
        after = new.get(target)
        ok = after == rows + PER_NEW_MODEL.get(label, 0) * len(added)
        shown = label if target in (label, None) else f"{label} -> {target}"
        lines.append((shown, rows, "-" if after is None else after, "ok" if ok else "NO"))
        if target is None:
            problems.append(f"{label}: no such model in the new tree ({rows} rows before)")
        elif not ok:
            expected = rows + PER_NEW_MODEL.get(label, 0) * len(added)
            change = f"{expected - after} lost" if after < expected else f"{after - expected} more"
            problems.append(f"{shown}: {rows} rows before, {after} after ({change})")
        elif target != label and not rows:
            notes.append(label)
    width = max(len(line[0]) for line in [("label",), *lines])
    for shown, rows, after, ok in [("label", "old", "new", "ok"), *lines]:
        print(f"{shown:{width}}  {rows:>7}  {after:>7}  {ok}")
    if added:
        print(
            f"new models ({len(added)}, their content types and permissions expected): "
            f"{', '.join(added)}"
        )
    if notes:
        print(f"note: moved, but no row to carry (only the tables are proven): {', '.join(notes)}")
    if problems:
        print(f"migrate-forward: FAILED, {len(problems)} of {len(old)} models:", file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    print(f"migrate-forward: {len(old)} models, {sum(old.values())} rows, none lost")
    return 0


def main(argv):
    if len(argv) == 2 and argv[1] == "fill":
        fill()
        return 0
    if len(argv) == 3 and argv[1] == "count":
        count(argv[2])
        return 0
    if len(argv) == 4 and argv[1] == "compare":
        return compare(argv[2], argv[3])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
