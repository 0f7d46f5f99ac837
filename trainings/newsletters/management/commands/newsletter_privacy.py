"""Export or erase what the newsletters keep about one address (also without an account)."""

import json

from django.core.management.base import BaseCommand

from trainings.newsletters.privacy import erase_email, export_email


class Command(BaseCommand):
    help = "Print the newsletter data of an e-mail address as JSON, or erase it (--erase)."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--erase", action="store_true")

    def handle(self, *args, **options):
        email = options["email"]
        if options["erase"]:
            count = erase_email(email)
            self.stdout.write(f"{count} row(s) erased for {email}")
            return
        self.stdout.write(json.dumps(export_email(email), indent=2, ensure_ascii=False))
