"""`manage.py restore FILE`: an archive of `manage.py backup` into an empty database and private folder,
checked table by table and file by file against the archive's manifest."""

import time

from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore a backup archive into the (empty) configured database and private files folder."

    def add_arguments(self, parser):
        parser.add_argument("archive")

    def handle(self, *args, archive, **options):
        start = time.monotonic()
        try:
            manifest, differences = restore(archive)
        except (BackupError, FileNotFoundError) as error:
            raise CommandError(str(error)) from error
        if differences:
            raise CommandError("The restored data differ from the archive:\n" + "\n".join(differences))
        rows = sum(count for count, _checksum in manifest["tables"].values())
        self.stdout.write(
            f"restored {len(manifest['tables'])} tables ({rows} rows) and {len(manifest['files'])} files "
            f"from {archive}, every checksum matching, in {time.monotonic() - start:.1f} s"
        )
