"""Backup and restore: the database and the private files (scans) in one dated archive.

The archive (`mektep-backup-YYYYmmdd-HHMMSS.tar.gz`) holds `database.dump` (pg_dump's custom format),
`private/` (every file of the private storage except the worker's transient results under jobs/) and
`manifest.json`: the row count and a checksum of every table, taken in the very snapshot pg_dump
dumps (an exported snapshot of a REPEATABLE READ transaction), and the SHA-256 of every file.
`restore` loads an archive into an EMPTY database and private folder and checks both against the
manifest, table by table and file by file.
"""

import hashlib
import io
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connections, transaction
from django.utils import timezone

EXCLUDED_DIRS = ("jobs",)


class BackupError(Exception):
    pass


def pg_tool(name):
    """pg_dump / pg_restore of the server's major version when they are on the machine."""
    from config import localdb

    for folder in (localdb._system_bindir(),):
        if folder and (folder / name).exists():
            return str(folder / name)
    found = shutil.which(name)
    if found:
        return found
    return str(localdb.bindir() / name)


def conninfo(alias="default"):
    db = settings.DATABASES[alias]
    parts = {
        "host": db.get("HOST") or "",
        "port": str(db.get("PORT") or ""),
        "user": db.get("USER") or "",
        "dbname": db["NAME"],
    }
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return " ".join(f"{k}={v}" for k, v in parts.items() if v), env


def table_fingerprints(cursor):
    """{table: [rows, md5]} for every table of the public schema; the checksum does not depend on
    the rows' physical order."""
    cursor.execute(
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name"
    )
    tables = [row[0] for row in cursor.fetchall()]
    result = {}
    for table in tables:
        quoted = '"' + table.replace('"', '""') + '"'
        cursor.execute(
            f"SELECT count(*), md5(coalesce(string_agg(h, '' ORDER BY h), '')) "  # noqa: S608
            f"FROM (SELECT md5(t::text) AS h FROM {quoted} t) s"
        )
        count, checksum = cursor.fetchone()
        result[table] = [count, checksum]
    return result


def file_fingerprints(root):
    root = Path(root)
    result = {}
    if not root.exists():
        return result
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if path.is_file() and rel.parts[0] not in EXCLUDED_DIRS:
            result[rel.as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return result


def private_root():
    return Path(settings.STORAGES["private"]["OPTIONS"]["location"])


def database_size(cursor):
    cursor.execute("SELECT pg_database_size(current_database())")
    return cursor.fetchone()[0]


def backup(output_dir, alias="default"):
    """Write the archive into output_dir; returns (path, manifest)."""
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    target = output_dir / f"mektep-backup-{stamp}.tar.gz"
    info, env = conninfo(alias)
    with tempfile.TemporaryDirectory(prefix="mektep-backup-") as tmp:
        dump = Path(tmp) / "database.dump"
        connection = connections[alias]
        with transaction.atomic(using=alias), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            # pg_dump reads exactly what this transaction sees; the fingerprints are of the same data.
            result = subprocess.run(
                [
                    pg_tool("pg_dump"),
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--snapshot={snapshot}",
                    f"--file={dump}",
                    f"--dbname={info}",
                ],
                env=env,
                capture_output=True,
                text=True,
            )
            if result.returncode != 0:
                raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
            tables = table_fingerprints(cursor)
            size = database_size(cursor)
        files = file_fingerprints(private_root())
        manifest = {
            "created": timezone.now().isoformat(),
            "database_bytes": size,
            "dump_bytes": dump.stat().st_size,
            "tables": tables,
            "files": files,
        }
        partial = target.with_suffix(".partial")
        with tarfile.open(partial, "w:gz") as tar:
            data = json.dumps(manifest, indent=1, sort_keys=True).encode()
            member = tarfile.TarInfo("manifest.json")
            member.size = len(data)
            member.mtime = int(timezone.now().timestamp())
            tar.addfile(member, io.BytesIO(data))
            tar.add(dump, arcname="database.dump")
            root = private_root()
            for rel in files:
                tar.add(root / rel, arcname=f"private/{rel}")
        partial.rename(target)
    return target, manifest


def _is_empty(cursor):
    cursor.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")
    return cursor.fetchone()[0] == 0


def restore(archive, alias="default"):
    """Load the archive into the empty database and private folder; returns the list of differences
    from the manifest (empty when every table and every file matches)."""
    archive = Path(archive)
    root = private_root()
    connection = connections[alias]
    with connection.cursor() as cursor:
        if not _is_empty(cursor):
            raise BackupError(
                "The database is not empty: restore only into a new, empty database (createdb), "
                "so that nothing is mixed."
            )
    if root.exists() and any(p.is_file() for p in root.rglob("*")):
        raise BackupError(f"The private files folder {root} is not empty: restore into an empty one.")
    info, env = conninfo(alias)
    with tempfile.TemporaryDirectory(prefix="mektep-restore-") as tmp, tarfile.open(archive, "r:gz") as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        tar.extract("database.dump", tmp, filter="data")
        result = subprocess.run(
            [
                pg_tool("pg_restore"),
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                f"--dbname={info}",
                str(Path(tmp) / "database.dump"),
            ],
            env=env,
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise BackupError(f"pg_restore failed: {result.stderr.strip()}")
        root.mkdir(parents=True, exist_ok=True)
        for member in tar.getmembers():
            if member.name.startswith("private/") and member.isfile():
                member.name = member.name[len("private/") :]
                tar.extract(member, root, filter="data")  # refuses absolute paths and ..
    connection.close()
    with connection.cursor() as cursor:
        tables = table_fingerprints(cursor)
    files = file_fingerprints(root)
    differences = [
        f"table {t}: {manifest['tables'].get(t)} in the archive, {tables.get(t)} restored"
        for t in sorted(set(tables) | set(manifest["tables"]))
        if tables.get(t) != manifest["tables"].get(t)
    ]
    differences += [
        f"file {f}: differs"
        for f in sorted(set(files) | set(manifest["files"]))
        if files.get(f) != manifest["files"].get(f)
    ]
    return manifest, differences
