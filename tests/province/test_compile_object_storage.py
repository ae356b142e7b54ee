"""The compile with its files in an S3-compatible object store (moto's server on 127.0.0.1, ``tests/s3.py``).

Every web and Celery machine reads the same bucket: nothing may go through a
local path. Each test checks the bucket itself, and that ``MEDIA_ROOT`` stays empty.
"""

import datetime
import io

import docx
import openpyxl
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse

from province import compilation
from province.models import CompiledReport
from tests.province.compiled_data import EXPECTED, make_province, period


@pytest.fixture
def province(db):
    return make_province()


def _compile(capture, reviewer, **texts):
    with capture(execute=True):
        compiled = compilation.compiled_report_request(period=period("2024-Q2"), user=reviewer, **texts)
    compiled.refresh_from_db()
    return compiled


def _nothing_local(settings):
    media = settings.MEDIA_ROOT
    return not media.exists() or not any(path.is_file() for path in media.rglob("*"))


def test_compile_saves_both_documents_whole_in_the_private_bucket(
    province, reviewer, object_storage, settings, django_capture_on_commit_callbacks
):
    compiled = _compile(django_capture_on_commit_callbacks, reviewer)
    assert compiled.status == CompiledReport.Status.DONE, compiled.error
    assert object_storage.objects() == sorted([compiled.docx.name, compiled.xlsx.name])
    assert compiled.docx.name.startswith("compiled/2024-Q2/v1/bao-cao-2024-Q2-v1-")
    assert compilation.compiled_files(compiled) == sorted(name.rsplit("/", 1)[1] for name in object_storage.objects())
    workbook = openpyxl.load_workbook(io.BytesIO(object_storage.read(compiled.xlsx.name)))
    assert workbook["Theo hình thức"]["E2"].value == EXPECTED["HT1.articles"]
    # Private: the owner's grant only, nobody else's (no AllUsers / AuthenticatedUsers group).
    grants = object_storage.grants(compiled.docx.name)
    assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]
    assert all(grant["Grantee"]["Type"] == "CanonicalUser" for grant in grants)
    assert _nothing_local(settings)


def test_rerun_after_a_dead_run_leaves_one_set_of_files_in_the_bucket(province, reviewer, object_storage, settings):
    compiled = compilation.compiled_report_request(period=period("2024-Q2"), user=reviewer)
    # A worker died half-way: the report says running and its DOCX lies in the bucket, never published.
    CompiledReport.objects.filter(pk=compiled.pk).update(status="running", progress=40)
    orphan = default_storage.save(
        f"{compilation.version_dir(compiled)}/bao-cao-2024-Q2-v1-deadbeef0000.docx", ContentFile(b"half")
    )
    assert object_storage.objects() == [orphan]

    compilation.compiled_report_run(compiled_report_id=compiled.pk)
    compiled.refresh_from_db()
    assert compiled.status == "done"
    assert object_storage.objects() == sorted([compiled.docx.name, compiled.xlsx.name])
    assert orphan not in object_storage.objects()
    assert _nothing_local(settings)


def test_failure_while_writing_leaves_nothing_in_the_bucket(
    province, reviewer, object_storage, monkeypatch, django_capture_on_commit_callbacks
):
    def broken_xlsx(snapshot):
        raise ValueError("xlsx broke")

    monkeypatch.setattr(compilation, "build_xlsx", broken_xlsx)
    compiled = _compile(django_capture_on_commit_callbacks, reviewer)
    assert compiled.status == "failed"
    assert object_storage.objects() == []
    assert compilation.compiled_files(compiled) == []


def test_issuing_replaces_the_files_in_the_bucket(
    province, reviewer, object_storage, django_capture_on_commit_callbacks
):
    compiled = _compile(django_capture_on_commit_callbacks, reviewer, signer_name="Nguyễn Văn A")
    draft = sorted([compiled.docx.name, compiled.xlsx.name])
    compilation.compiled_report_issue(compiled=compiled, user=reviewer, number="125", day=datetime.date(2024, 6, 20))
    compiled.refresh_from_db()
    assert compiled.is_issued
    assert object_storage.objects() == sorted([compiled.docx.name, compiled.xlsx.name])
    assert not set(draft) & set(object_storage.objects())
    document = docx.Document(io.BytesIO(object_storage.read(compiled.docx.name)))
    texts = [p.text for t in document.tables for c in t._cells for p in c.paragraphs]
    assert "Số: 125/BC-STTTT" in texts


def test_download_streams_the_document_from_the_bucket(
    client, province, reviewer, object_storage, django_capture_on_commit_callbacks
):
    compiled = _compile(django_capture_on_commit_callbacks, reviewer)
    client.force_login(reviewer)
    for kind, name in (("docx", compiled.docx.name), ("xlsx", compiled.xlsx.name)):
        response = client.get(reverse("compiled:download", args=[compiled.pk, kind]))
        assert response.status_code == 200
        assert response.streaming
        assert f'filename="BaoCao-2024-Q2-v1.{kind}"' in response["Content-Disposition"]
        body = b"".join(response.streaming_content)
        assert body == object_storage.read(name)
        assert int(response["Content-Length"]) == len(body)


def test_download_of_a_document_gone_from_the_bucket_is_not_found(
    client, province, reviewer, object_storage, django_capture_on_commit_callbacks
):
    compiled = _compile(django_capture_on_commit_callbacks, reviewer)
    object_storage.client().delete_object(Bucket=object_storage.name, Key=compiled.docx.name)
    client.force_login(reviewer)
    assert client.get(reverse("compiled:download", args=[compiled.pk, "docx"])).status_code == 404
    assert client.get(reverse("compiled:download", args=[compiled.pk, "xlsx"])).status_code == 200


def test_the_command_names_the_files_in_the_object_store(province, object_storage):
    out = io.StringIO()
    call_command("compile_report", "--period", "2024-Q2", stdout=out)
    compiled = CompiledReport.objects.get(period__code="2024-Q2")
    lines = out.getvalue().splitlines()
    assert lines[1] == f"DOCX: {compiled.docx.name} (object store)"
    assert lines[2] == f"XLSX: {compiled.xlsx.name} (object store)"
    assert object_storage.objects() == sorted([compiled.docx.name, compiled.xlsx.name])
