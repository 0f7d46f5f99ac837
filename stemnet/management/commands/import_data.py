from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from stemnet import imports


class Command(BaseCommand):
    help = (
        "Import a CSV or XLSX file of one kind (see docs/imports.md). All-or-nothing: with any "
        "bad row nothing is written, every bad row is printed on stderr and the exit status is 1."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", help="one of: " + ", ".join(imports.kinds()))
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="check only, write nothing")

    def handle(self, *args, kind, file, dry_run, **options):
        if kind not in imports.kinds():
            raise CommandError(
                f"Unknown kind '{kind}'. Known kinds: {', '.join(imports.kinds())}", returncode=1
            )
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}", returncode=1) from exc
        report = imports.import_file(kind, data, file.name, dry_run=dry_run)
        if not report.ok:
            for error in report.errors:
                self.stderr.write(str(error))
            raise CommandError(
                f"{len(report.errors)} error(s) in {file.name}; nothing was written.", returncode=1
            )
        verb = "would be" if dry_run else "were"
        self.stdout.write(
            f"{report.rows} rows: {report.new} {verb} created, {report.updated} {verb} updated, "
            f"{report.unchanged} unchanged."
        )
