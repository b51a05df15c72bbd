"""`manage.py backup [--output DIR]`: the database and the private files in one dated archive."""

import time

from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, backup


class Command(BaseCommand):
    help = "Write the database and the private files (scans) into one dated archive."

    def add_arguments(self, parser):
        parser.add_argument("--output", default="var/backups", help="folder of the archives")

    def handle(self, *args, output, **options):
        start = time.monotonic()
        try:
            path, manifest = backup(output)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(count for count, _checksum in manifest["tables"].values())
        self.stdout.write(
            f"{path}\n  {len(manifest['tables'])} tables, {rows} rows, {len(manifest['files'])} files; "
            f"database {manifest['database_bytes'] / 1e6:.1f} MB, archive {path.stat().st_size / 1e6:.1f} MB, "
            f"{time.monotonic() - start:.1f} s"
        )
