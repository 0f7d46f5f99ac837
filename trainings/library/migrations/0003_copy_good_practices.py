"""The good practices of the centres (``networks.GoodPractice``) become library items of the
kind "good practice": one row each (``source_practice_id`` remembers which, so nothing is
copied twice), its theme a theme, its first link the item's address and the others under its
summary, its attachment copied into the library's folder (a lost file is left out). Their
licence is unknown: "all rights reserved". The old rows stay (the networks app still holds
the model; its pages now lead to the library). Backwards: the copies go again.

``trainings.library.services.good_practices_copy`` does the same for rows added later (the
demo), with the app's code; a migration cannot import it.
"""

from django.core.files.base import ContentFile
from django.db import migrations


def forward(apps, schema_editor):
    GoodPractice = apps.get_model("networks", "GoodPractice")
    LibraryItem = apps.get_model("library", "LibraryItem")
    LibraryAttachment = apps.get_model("library", "LibraryAttachment")
    db = schema_editor.connection.alias
    done = set(
        LibraryItem.objects.using(db)
        .filter(source_practice_id__isnull=False)
        .values_list("source_practice_id", flat=True)
    )
    for practice in GoodPractice.objects.using(db).order_by("pk"):
        if practice.pk in done:
            continue
        links = [line.strip() for line in practice.links.splitlines() if line.strip()]
        summary = practice.summary
        if len(links) > 1:
            summary += "\n\n" + "\n".join(links[1:])
        published = practice.status == "published"
        item = LibraryItem.objects.using(db).create(
            title=practice.title,
            summary=summary,
            kind="good_practice",
            centre_id=practice.centre_id,
            themes=[practice.theme.strip()[:40]] if practice.theme.strip() else [],
            link=links[0][:500] if links else "",
            licence="all_rights",
            status="published" if published else "draft",
            published_at=practice.updated_at if published else None,
            source_practice_id=practice.pk,
        )
        if practice.attachment:
            try:
                with practice.attachment.storage.open(practice.attachment.name, "rb") as f:
                    content = f.read()
            except OSError:
                continue
            name = practice.attachment.name.rsplit("/", 1)[-1]
            attachment = LibraryAttachment(item=item, title="", position=0)
            attachment.file.save(name, ContentFile(content), save=False)
            attachment.save(using=db)


def backward(apps, schema_editor):
    LibraryItem = apps.get_model("library", "LibraryItem")
    db = schema_editor.connection.alias
    LibraryItem.objects.using(db).filter(source_practice_id__isnull=False).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("library", "0002_search"),
        ("networks", "0004_good_practice_attachment_content"),
    ]

    operations = [migrations.RunPython(forward, backward)]
