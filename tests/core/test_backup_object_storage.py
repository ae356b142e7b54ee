"""manage.py backup and restore with the files in an S3-compatible object store (moto on 127.0.0.1, ``tests/s3.py``).

The site's files live in one bucket; the backup copies them out, and the restore writes them into a
fresh bucket (beside a fresh database), where a restored reviewer downloads the compiled report.
"""

import hashlib
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from core import backup
from tests.core.backup_probe import media_checksums
from tests.core.backup_roundtrip import make_site, manage, probe, site_env
from tests.core.test_backup import fresh_postgresql_database  # noqa: F401 (a fixture, used on PostgreSQL)

pytestmark = pytest.mark.django_db(transaction=True)


def _fresh_database_url(tmp_path, request):
    """A new, empty database of the test database's kind."""
    if connection.vendor == "sqlite":
        return f"sqlite:///{tmp_path / 'restored.sqlite3'}"
    return request.getfixturevalue("fresh_postgresql_database")


def _no_local_files(folder):
    return not folder.exists() or not any(path.is_file() for path in folder.rglob("*"))


def test_backup_restores_the_bucket_into_a_fresh_bucket(
    reviewer, tmp_path, settings, object_storage, s3_endpoint, request
):
    compiled = make_site(reviewer)
    source = object_storage.objects()
    assert len(source) == 4  # the evidence, the photo, the DOCX and the XLSX
    assert _no_local_files(settings.MEDIA_ROOT)

    out = io.StringIO()
    call_command("backup", "--to", str(tmp_path / "backup"), stdout=out)
    assert object_storage.name in out.getvalue()  # the operator sees which store was read
    manifest = backup.read_manifest(tmp_path / "backup")
    assert sorted(entry["name"] for entry in manifest["media"]) == source

    target = s3_endpoint.new_bucket()
    media_root = tmp_path / "restored-media"
    env = site_env(_fresh_database_url(tmp_path, request), media_root, **target.env)
    restored = manage(env, "restore", "--from", str(tmp_path / "backup"))
    assert restored.returncode == 0, restored.stderr
    assert target.name in restored.stdout

    assert target.objects() == source
    for key in source:
        assert target.read(key) == object_storage.read(key)
    assert _no_local_files(media_root)  # nothing went to the local folder of the restoring machine

    seen = probe(env, username=reviewer.username, url=reverse("compiled:download", args=[compiled.pk, "docx"]))
    assert seen["rows"] == backup.row_counts()
    assert seen["media"] == media_checksums()
    assert seen["login_status"] == 302, "the restored reviewer could not sign in"
    assert seen["download_status"] == 200
    assert seen["download_sha256"] == hashlib.sha256(object_storage.read(compiled.docx.name)).hexdigest()


def test_restore_refuses_a_bucket_that_already_holds_the_files(
    reviewer, tmp_path, object_storage, s3_endpoint, request
):
    make_site(reviewer)
    call_command("backup", "--to", str(tmp_path / "backup"), stdout=io.StringIO())
    target = s3_endpoint.new_bucket()
    taken = object_storage.objects()[0]
    target.client().put_object(Bucket=target.name, Key=taken, Body=b"an earlier file")
    env = site_env(_fresh_database_url(tmp_path, request), tmp_path / "restored-media", **target.env)
    restored = manage(env, "restore", "--from", str(tmp_path / "backup"))
    assert restored.returncode != 0
    assert "already holds 1 of the backup's files" in restored.stderr
    assert "Restore into an empty bucket" in restored.stderr
    assert "MEDIA_ROOT" not in restored.stderr
    assert target.objects() == [taken]
    assert target.read(taken) == b"an earlier file"
