"""manage.py backup and restore: a backup restores onto a fresh database and media folder, whole.

The round trip: every model's row count, every media file byte for byte, and a restored reviewer who
signs in and downloads the compiled report. The refusals: a folder that exists, a database that holds
tables, a backup without its manifest or with a damaged file (refused before anything is written).
"""

import hashlib
import io
import json
import sqlite3
import uuid

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from core import backup
from tests.core.backup_probe import media_checksums
from tests.core.backup_roundtrip import make_site, manage, probe, site_env

pytestmark = pytest.mark.django_db(transaction=True)


def _backup(target):
    out = io.StringIO()
    call_command("backup", "--to", str(target), stdout=out)
    return out.getvalue()


def _sha256(name):
    with default_storage.open(name, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def _round_trip(compiled, reviewer, tmp_path, database_url):
    """Back the site up here, restore it onto ``database_url`` and a new media folder, and compare."""
    _backup(tmp_path / "backup")
    media_root = tmp_path / "restored-media"
    env = site_env(database_url, media_root)
    restored = manage(env, "restore", "--from", str(tmp_path / "backup"))
    assert restored.returncode == 0, restored.stderr
    assert "Restored" in restored.stdout
    assert "province.CompiledReport" in restored.stdout  # what it restored, per model

    url = reverse("compiled:download", kwargs={"pk": compiled.pk, "kind": "docx"})
    seen = probe(env, username=reviewer.username, url=url)
    assert seen["rows"] == backup.row_counts()
    assert seen["rows"]["province.CompiledReport"] == 1
    assert seen["rows"]["reports.Evidence"] == 1
    assert seen["rows"]["reports.Figure"] > 0
    assert seen["media"] == media_checksums()
    assert len(seen["media"]) == 4  # the evidence, the photo, the DOCX and the XLSX
    for name in (compiled.docx.name, compiled.xlsx.name):
        with default_storage.open(name, "rb") as handle:
            assert (media_root / name).read_bytes() == handle.read()
    assert seen["login_status"] == 302, "the restored reviewer could not sign in"
    assert seen["download_status"] == 200
    assert seen["download_sha256"] == _sha256(compiled.docx.name)


def test_backup_restores_onto_a_fresh_sqlite_database(reviewer, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite round trip (the PostgreSQL one is below)")
    compiled = make_site(reviewer)
    _round_trip(compiled, reviewer, tmp_path, f"sqlite:///{tmp_path / 'restored.sqlite3'}")


@pytest.fixture
def fresh_postgresql_database():
    """A new, empty database on the test database's server; its URL. Dropped afterwards."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL)")
    import psycopg2

    settings_dict = connection.settings_dict
    credentials = {
        "host": settings_dict["HOST"] or "127.0.0.1",
        "port": settings_dict["PORT"] or 5432,
        "user": settings_dict["USER"],
        "password": settings_dict["PASSWORD"],
    }
    name = f"thidua_restore_{uuid.uuid4().hex[:12]}"
    server = psycopg2.connect(dbname="postgres", **credentials)
    server.autocommit = True
    with server.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    password = f":{credentials['password']}" if credentials["password"] else ""
    yield f"postgres://{credentials['user']}{password}@{credentials['host']}:{credentials['port']}/{name}"
    with server.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    server.close()


@pytest.mark.postgres
def test_backup_restores_onto_a_fresh_postgresql_database(reviewer, tmp_path, fresh_postgresql_database):
    compiled = make_site(reviewer)
    _round_trip(compiled, reviewer, tmp_path, fresh_postgresql_database)


def test_backup_refuses_a_folder_that_exists(tmp_path):
    target = tmp_path / "backup"
    target.mkdir()
    (target / "earlier.txt").write_text("an earlier backup")
    with pytest.raises(CommandError, match="already exists"):
        _backup(target)
    assert [p.name for p in target.iterdir()] == ["earlier.txt"]


def test_backup_holds_every_media_file_with_its_checksum(tmp_path):
    default_storage.save("evidence/2024-Q2/abc", ContentFile(b"evidence"))
    default_storage.save("compiled/2024-Q2/v1/bao-cao.docx", ContentFile(b"docx"))
    output = _backup(tmp_path / "backup")
    manifest = backup.read_manifest(tmp_path / "backup")
    assert {e["name"]: e["sha256"] for e in manifest["media"]} == {
        "compiled/2024-Q2/v1/bao-cao.docx": hashlib.sha256(b"docx").hexdigest(),
        "evidence/2024-Q2/abc": hashlib.sha256(b"evidence").hexdigest(),
    }
    assert (tmp_path / "backup" / "media" / "evidence" / "2024-Q2" / "abc").read_bytes() == b"evidence"
    assert manifest["database"]["vendor"] == connection.vendor
    assert "2 media files" in output


def test_restore_refuses_a_database_that_holds_tables(tmp_path):
    default_storage.save("evidence/2024-Q2/abc", ContentFile(b"evidence"))
    _backup(tmp_path / "backup")
    default_storage.delete("evidence/2024-Q2/abc")
    with pytest.raises(CommandError, match=r"is not empty: it holds \d+ tables"):
        call_command("restore", "--from", str(tmp_path / "backup"), stdout=io.StringIO())
    assert backup.storage_names() == []  # no file written either


def test_restore_refuses_a_folder_without_manifest(tmp_path):
    _backup(tmp_path / "backup")
    (tmp_path / "backup" / "manifest.json").unlink()
    with pytest.raises(CommandError, match=r"has no manifest\.json"):
        call_command("restore", "--from", str(tmp_path / "backup"), stdout=io.StringIO())


def test_restore_check_names_a_damaged_file(tmp_path):
    default_storage.save("evidence/2024-Q2/abc", ContentFile(b"evidence"))
    _backup(tmp_path / "backup")
    (tmp_path / "backup" / "media" / "evidence" / "2024-Q2" / "abc").write_bytes(b"evidencE")
    with pytest.raises(CommandError, match=r"media/evidence/2024-Q2/abc: its SHA-256 checksum does not match"):
        call_command("restore", "--from", str(tmp_path / "backup"), "--check", stdout=io.StringIO())


def test_restore_check_passes_an_intact_backup(tmp_path):
    default_storage.save("evidence/2024-Q2/abc", ContentFile(b"evidence"))
    _backup(tmp_path / "backup")
    out = io.StringIO()
    call_command("restore", "--from", str(tmp_path / "backup"), "--check", stdout=out)
    assert "1 media files match their SHA-256 checksums" in out.getvalue()


def test_restore_refuses_a_damaged_backup_before_writing_anything(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("restores a SQLite backup onto a fresh SQLite file")
    default_storage.save("evidence/2024-Q2/abc", ContentFile(b"evidence"))
    _backup(tmp_path / "backup")
    with open(tmp_path / "backup" / "database.sqlite3", "r+b") as handle:
        handle.seek(-1, 2)
        handle.write(b"\x01")
    database, media_root = tmp_path / "fresh.sqlite3", tmp_path / "fresh-media"
    result = manage(site_env(f"sqlite:///{database}", media_root), "restore", "--from", str(tmp_path / "backup"))
    assert result.returncode != 0
    assert "database.sqlite3: its SHA-256 checksum does not match the manifest" in result.stderr
    assert "nothing was restored" in result.stderr
    tables = sqlite3.connect(database).execute("SELECT name FROM sqlite_master").fetchall()
    assert tables == []
    assert not media_root.exists() or not any(media_root.rglob("*"))


def test_restore_refuses_a_backup_of_the_other_database_kind(tmp_path):
    _backup(tmp_path / "backup")
    manifest_path = tmp_path / "backup" / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    (tmp_path / "backup" / manifest["database"]["file"]).rename(tmp_path / "backup" / backup.DATABASE_FILES[other])
    manifest["database"].update(vendor=other, file=backup.DATABASE_FILES[other])
    manifest_path.write_text(json.dumps(manifest))
    with pytest.raises(CommandError, match=f"This backup holds a {backup.VENDOR_NAMES[other]} database"):
        call_command("restore", "--from", str(tmp_path / "backup"), stdout=io.StringIO())


def test_restore_refuses_a_media_folder_that_holds_a_file_of_the_backup(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("restores a SQLite backup onto a fresh SQLite file")
    default_storage.save("evidence/2024-Q2/abc", ContentFile(b"evidence"))
    _backup(tmp_path / "backup")
    database, media_root = tmp_path / "fresh.sqlite3", tmp_path / "fresh-media"
    (media_root / "evidence" / "2024-Q2").mkdir(parents=True)
    (media_root / "evidence" / "2024-Q2" / "abc").write_bytes(b"another file")
    result = manage(site_env(f"sqlite:///{database}", media_root), "restore", "--from", str(tmp_path / "backup"))
    assert result.returncode != 0
    assert "already holds 1 of the backup's files (evidence/2024-Q2/abc)" in result.stderr
    assert "Restore into an empty media folder (MEDIA_ROOT)" in result.stderr
    assert sqlite3.connect(database).execute("SELECT name FROM sqlite_master").fetchall() == []
    assert (media_root / "evidence" / "2024-Q2" / "abc").read_bytes() == b"another file"
