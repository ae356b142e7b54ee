"""Backups that are proven to restore: the database and every media file, with SHA-256 checksums.

``backup_create(target=DIR)`` makes a new folder (it refuses one that exists) holding:

    database.dump       pg_dump --format=custom (PostgreSQL), or
    database.sqlite3    a copy made with SQLite's online backup API
    media/<name>        every file of the default storage, under its storage name
    manifest.json       what the backup holds, each file's size and SHA-256; written last, so a
                        backup that stopped half-way has none and cannot be restored

``backup_restore(source=DIR)`` refuses a database that holds any table and a storage that already holds
a file of the backup, checks every checksum, and only then writes: the database, then the files.

Media files are read and written through ``default_storage`` only (never MEDIA_ROOT paths), so the same
backup and restore work when the files live in an object store.
"""

import datetime
import hashlib
import json
import os
import posixpath
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.core.files import File
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

FORMAT = "thidua-backup"
VERSION = 1
MANIFEST = "manifest.json"
MEDIA_DIR = "media"
DATABASE_FILES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
VENDOR_NAMES = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}
CHUNK = 1024 * 1024
# libpq's environment variables for the OPTIONS a DATABASES entry may carry.
PG_OPTION_ENV = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
}


class BackupError(Exception):
    """A backup or restore refused or failed; the message says why and what to do."""


@dataclass
class RestoreResult:
    vendor: str
    database_file: str
    tables: int
    files: int
    bytes: int
    rows: dict = field(default_factory=dict)
    unapplied_migrations: int = 0


def _log_nothing(message):
    """The default ``log``: say nothing."""


def _listed(items, *, limit=5, separator=", "):
    """The first ``limit`` items joined, and how many more there are."""
    more = [f"… and {len(items) - limit} more"] if len(items) > limit else []
    return separator.join([*items[:limit], *more])


# -- checksums and the storage walk ---------------------------------------------------


def copy_with_sha256(source, destination):
    """Copy one open binary file to another in chunks; returns (sha256 hex digest, size in bytes)."""
    digest, size = hashlib.sha256(), 0
    while chunk := source.read(CHUNK):
        digest.update(chunk)
        destination.write(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


class _Discard:
    def write(self, chunk):
        return len(chunk)


def file_sha256(path):
    """The SHA-256 and size of a file on disk."""
    with open(path, "rb") as handle:
        return copy_with_sha256(handle, _Discard())


def storage_names(storage=None, directory=""):
    """Every file name in ``storage`` (the default storage), walked with listdir, sorted."""
    storage = storage or default_storage
    try:
        dirs, files = storage.listdir(directory)
    except FileNotFoundError:
        if directory:
            raise
        return []  # a local media folder not made yet: no files
    names = [posixpath.join(directory, name) for name in files]
    for sub in dirs:
        names.extend(storage_names(storage, posixpath.join(directory, sub)))
    return sorted(names)


def storage_label(storage=None):
    """Where the default storage keeps its files, for the operator's messages."""
    storage = storage or default_storage
    if isinstance(storage, FileSystemStorage):
        return str(storage.location)
    bucket = getattr(storage, "bucket_name", "")
    # __class__, not type(): default_storage is a lazy proxy of the configured storage.
    return f"{storage.__class__.__name__} bucket {bucket}" if bucket else storage.__class__.__name__


# -- the database -----------------------------------------------------------------------


def _vendor():
    if connection.vendor not in DATABASE_FILES:
        raise BackupError(f"Backups support PostgreSQL and SQLite; this database is {connection.vendor}.")
    return connection.vendor


def _pg_environment():
    """libpq's environment for the configured database, as Django's connection sees it (and as dbshell
    passes it): the settings over the process's own PG* variables, and no password on a command line."""
    settings_dict = connection.settings_dict
    env = dict(os.environ)
    values = {
        "PGHOST": settings_dict.get("HOST"),
        "PGPORT": settings_dict.get("PORT"),
        "PGUSER": settings_dict.get("USER"),
        "PGPASSWORD": settings_dict.get("PASSWORD"),
        "PGDATABASE": settings_dict.get("NAME"),
    }
    for option, variable in PG_OPTION_ENV.items():
        values[variable] = (settings_dict.get("OPTIONS") or {}).get(option)
    env.update({k: str(v) for k, v in values.items() if v not in (None, "")})
    return env


def _run(command):
    """Run a PostgreSQL client program; a missing program or a failure is a BackupError with its message."""
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} was not found on the PATH: install the PostgreSQL client (postgresql-client).")
    result = subprocess.run(command, env=_pg_environment(), capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed (exit {result.returncode}): {result.stderr.strip()}")


def dump_database(path):
    """Write the configured database to ``path``: pg_dump's custom format, or SQLite's online backup."""
    if _vendor() == "postgresql":
        _run(["pg_dump", "--no-password", "--format=custom", f"--file={path}"])
        return
    connection.ensure_connection()
    copy = sqlite3.connect(path)
    try:
        connection.connection.backup(copy)
        # A plain rollback-journal file, readable from a read-only folder (WAL would need its -shm file).
        copy.execute("PRAGMA journal_mode=DELETE")
    finally:
        copy.close()


def database_tables():
    """The tables and views of the configured database (every schema but PostgreSQL's own)."""
    if connection.vendor != "postgresql":
        return sorted(connection.introspection.table_names(include_views=True))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
            "AND n.nspname NOT LIKE 'pg\\_toast%%' AND n.nspname NOT LIKE 'pg\\_temp\\_%%' ORDER BY 1"
        )
        return [row[0] for row in cursor.fetchall()]


def load_database(path):
    """Load a dump into the configured (empty) database; all or nothing."""
    if _vendor() == "postgresql":
        name = connection.settings_dict["NAME"]
        _run(
            ["pg_restore", "--no-password", "--exit-on-error", "--single-transaction", "--no-owner", "--no-privileges",
             f"--dbname={name}", str(path)]
        )  # fmt: skip
        return
    connection.ensure_connection()
    source = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
    try:
        source.backup(connection.connection)
    finally:
        source.close()


def row_counts():
    """Rows per model (with many-to-many tables) in the configured database, by model label."""
    tables = set(connection.introspection.table_names())
    counts = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.db_table not in tables:
            continue
        counts[meta.label] = model._base_manager.using(connection.alias).count()
    return dict(sorted(counts.items()))


def unapplied_migrations():
    """How many of the code's migrations the restored database has not had (an older backup)."""
    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


# -- backup -------------------------------------------------------------------------------


def backup_create(*, target, log=_log_nothing):
    """Back the database and every media file up into the new folder ``target``; returns the manifest.

    The database is dumped first, then the files are copied: a file added meanwhile is an orphan in the
    backup (harmless), and the database never names a file the backup lacks unless it was deleted
    meanwhile. A backup that fails is removed, so no half backup is left to restore.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        target.mkdir(mode=0o700)  # it holds personal data: readable by this account only
    except FileExistsError:
        raise BackupError(f"{target} already exists: a backup is written only into a new folder.") from None
    try:
        return _write_backup(target, log)
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)
        raise


def _write_backup(target, log):
    vendor = _vendor()
    database_file = DATABASE_FILES[vendor]
    log(f"Database ({VENDOR_NAMES[vendor]}): writing {database_file}")
    dump_database(target / database_file)
    digest, size = file_sha256(target / database_file)
    media = _copy_media(target / MEDIA_DIR, log)
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "created_at": datetime.datetime.now(tz=datetime.UTC).isoformat(timespec="seconds"),
        "database": {"vendor": vendor, "file": database_file, "sha256": digest, "size": size},
        "media": media,
    }
    with open(target / MANIFEST, "w", encoding="utf-8") as handle:
        json.dump(manifest, handle, indent=1, ensure_ascii=False)
        handle.flush()
        os.fsync(handle.fileno())
    return manifest


def _copy_media(folder, log):
    """Copy every file of the default storage under ``folder``; returns the manifest's entries."""
    names = storage_names()
    log(f"Media ({storage_label()}): copying {len(names)} files")
    entries = []
    for name in names:
        path = folder / PurePosixPath(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            source = default_storage.open(name, "rb")
        except FileNotFoundError:
            log(f"  skipped {name}: it was deleted while the backup ran")
            continue
        with source, open(path, "wb") as handle:
            digest, size = copy_with_sha256(source, handle)
            handle.flush()
            os.fsync(handle.fileno())
        entries.append({"name": name, "sha256": digest, "size": size})
    return entries


# -- the manifest and its checksums ----------------------------------------------------------


def _safe_name(name):
    """A relative storage name with no way out of the backup's media folder."""
    return (
        isinstance(name, str)
        and bool(name)
        and not name.startswith("/")
        and "\\" not in name
        and all(part not in ("", ".", "..") for part in name.split("/"))
    )


def _valid_entry(entry):
    return (
        isinstance(entry, dict)
        and isinstance(entry.get("sha256"), str)
        and len(entry["sha256"]) == 64
        and isinstance(entry.get("size"), int)
    )


def _check_manifest(manifest, path):
    def malformed(what):
        return BackupError(f"{path} is not a manifest this version can read ({what}). Nothing was restored.")

    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise malformed(f"its format is not {FORMAT!r}")
    if manifest.get("version") != VERSION:
        raise malformed(f"version {manifest.get('version')!r}, expected {VERSION}")
    database = manifest.get("database")
    if not _valid_entry(database) or DATABASE_FILES.get(database.get("vendor")) != database.get("file"):
        raise malformed("its database entry")
    media = manifest.get("media")
    if not isinstance(media, list) or not all(_valid_entry(e) and _safe_name(e.get("name")) for e in media):
        raise malformed("its list of media files")


def read_manifest(source):
    """The manifest of the backup folder ``source``, checked for shape; BackupError when there is none."""
    source = Path(source)
    if not source.is_dir():
        raise BackupError(f"{source} is not a folder. Nothing was restored.")
    path = source / MANIFEST
    if not path.is_file():
        raise BackupError(
            f"{source} has no {MANIFEST}: it is not a backup, or its backup did not finish. Nothing was restored."
        )
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise BackupError(f"{path} cannot be read ({exc}). Nothing was restored.") from exc
    _check_manifest(manifest, path)
    return manifest


def _manifest_files(manifest):
    """(path inside the backup, manifest entry) of every file the manifest lists."""
    yield manifest["database"]["file"], manifest["database"]
    for entry in manifest["media"]:
        yield f"{MEDIA_DIR}/{entry['name']}", entry


def verify_backup(source, manifest):
    """Check every file's size and SHA-256 against the manifest; returns how many; BackupError naming each bad one."""
    source = Path(source)
    problems, count = [], 0
    for relative, entry in _manifest_files(manifest):
        count += 1
        path = source / PurePosixPath(relative)
        if not path.is_file():
            problems.append(f"{relative}: missing")
        elif file_sha256(path) != (entry["sha256"], entry["size"]):
            problems.append(f"{relative}: its SHA-256 checksum does not match the manifest")
    if problems:
        raise BackupError(
            f"The backup in {source} is damaged ({len(problems)} of {count} files); nothing was restored:\n  "
            + _listed(problems, limit=20, separator="\n  ")
        )
    return count


# -- restore ------------------------------------------------------------------------------


def _check_database_empty():
    tables = database_tables()
    if tables:
        name = connection.settings_dict["NAME"]
        shown = _listed(tables)
        raise BackupError(
            f"The database {name} is not empty: it holds {len(tables)} tables ({shown}). A restore writes only "
            "into an empty database: create a new one and point DATABASE_URL at it. Nothing was restored."
        )


def _check_storage_free(entries):
    taken = [entry["name"] for entry in entries if default_storage.exists(entry["name"])]
    if taken:
        shown = _listed(taken)
        raise BackupError(
            f"The media storage ({storage_label()}) already holds {len(taken)} of the backup's files ({shown}). "
            f"Restore into an empty {_empty_target()}. Nothing was restored."
        )


def _empty_target(storage=None):
    """What the operator must empty or create: a folder (MEDIA_ROOT) or a bucket (the storage settings)."""
    storage = storage or default_storage
    if isinstance(storage, FileSystemStorage):
        return "media folder (MEDIA_ROOT)"
    return "bucket (a new one, or the storage settings pointed at one)"


def _restore_media(source, entries, log):
    """Write every file of the backup into the default storage under its own name; returns (files, bytes)."""
    log(f"Media ({storage_label()}): writing {len(entries)} files")
    for entry in entries:
        name = entry["name"]
        try:
            with open(source / MEDIA_DIR / PurePosixPath(name), "rb") as handle:
                saved = default_storage.save(name, File(handle))
        except OSError as exc:
            raise BackupError(f"The database was restored, but writing the file {name} failed: {exc}") from exc
        if saved != name:
            raise BackupError(f"The database was restored, but the storage saved {name} as {saved}.")
    return len(entries), sum(entry["size"] for entry in entries)


def backup_check(*, source):
    """Check a backup folder without restoring it: its manifest and every checksum; returns the manifest."""
    manifest = read_manifest(source)
    verify_backup(source, manifest)
    return manifest


def backup_restore(*, source, log=_log_nothing):
    """Restore the backup in ``source`` onto the empty configured database and the default storage.

    Everything is checked before anything is written: the manifest, that the backup's database is of
    this kind, that the database holds no table, that the storage holds none of the backup's files,
    and every file's SHA-256. The database loads all or nothing; then the files are written.
    """
    source = Path(source)
    manifest = read_manifest(source)
    vendor, database = _vendor(), manifest["database"]
    if database["vendor"] != vendor:
        raise BackupError(
            f"This backup holds a {VENDOR_NAMES[database['vendor']]} database and the configured database is "
            f"{VENDOR_NAMES[vendor]}: restore it onto a {VENDOR_NAMES[database['vendor']]} database."
        )
    _check_database_empty()
    _check_storage_free(manifest["media"])
    count = verify_backup(source, manifest)
    log(f"Checksums: all {count} files match the manifest (SHA-256)")
    log(f"Database ({VENDOR_NAMES[vendor]}): loading {database['file']} into {connection.settings_dict['NAME']}")
    load_database(source / database["file"])
    files, size = _restore_media(source, manifest["media"], log)
    return RestoreResult(
        vendor=vendor,
        database_file=database["file"],
        tables=len(database_tables()),
        files=files,
        bytes=size,
        rows=row_counts(),
        unapplied_migrations=unapplied_migrations(),
    )
