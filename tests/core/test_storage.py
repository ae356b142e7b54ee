"""Where the site's files live: the local folder by default, an S3-compatible object store from the environment."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404

from core.storage import LocalStorage, open_stored
from reports.models import Evidence
from tests.core.test_settings import run_python

SAVE_ONE = (
    "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings.local'); django.setup();"
    "from django.core.files.base import ContentFile; from django.core.files.storage import default_storage as s;"
    "print(s.save('probe/hello.txt', ContentFile(b'xin chao')), type(s._wrapped).__name__)"
)


def test_the_embedded_default_is_the_local_folder(tmp_path):
    result = run_python(SAVE_ONE, MEDIA_ROOT=str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "probe/hello.txt LocalStorage"
    assert (tmp_path / "probe" / "hello.txt").read_bytes() == b"xin chao"


def test_the_environment_points_every_process_at_the_bucket(s3_endpoint, tmp_path):
    bucket = s3_endpoint.new_bucket()
    result = run_python(SAVE_ONE, MEDIA_ROOT=str(tmp_path), **bucket.env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "probe/hello.txt S3Storage"
    assert bucket.objects() == ["probe/hello.txt"]
    assert bucket.read("probe/hello.txt") == b"xin chao"
    assert [grant["Permission"] for grant in bucket.grants("probe/hello.txt")] == ["FULL_CONTROL"]
    assert not any(tmp_path.iterdir())


def test_an_endpoint_that_is_not_a_url_stops_the_start(tmp_path):
    result = run_python(SAVE_ONE, STORAGE_S3_BUCKET="thidua", STORAGE_S3_ENDPOINT_URL="minio:9000")
    assert result.returncode != 0
    assert "STORAGE_S3_ENDPOINT_URL must be an http(s) URL, not 'minio:9000'" in result.stderr


def test_local_storage_saves_whole_files_and_never_overwrites(tmp_path):
    storage = LocalStorage(location=tmp_path)
    first = storage.save("compiled/a.docx", ContentFile(b"one"))
    second = storage.save("compiled/a.docx", ContentFile(b"two"))
    assert first == "compiled/a.docx"
    assert second != first
    assert (tmp_path / first).read_bytes() == b"one"
    assert (tmp_path / second).read_bytes() == b"two"


@pytest.mark.django_db
def test_a_missing_or_empty_file_is_not_found():
    evidence = Evidence(kind=Evidence.Kind.FILE)
    with pytest.raises(Http404):
        open_stored(evidence.file)
    evidence.file.name = "evidence/2099-Q2/gone"
    with pytest.raises(Http404):
        open_stored(evidence.file)
    evidence.file.name = default_storage.save("evidence/2099-Q2/here", ContentFile(b"here"))
    with open_stored(evidence.file) as handle:
        assert handle.read() == b"here"
