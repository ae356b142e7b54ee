"""The site's files through Django's storage API only: the local folder or an object store.

Evidence, photos and compiled reports are written with ``storage.save`` and
read with ``storage.open``, never through a filesystem path, so every web and
Celery machine sees the same files when ``STORAGES`` points at an object store
(``config.storage.s3_storage``).
"""

import os

from django.core.files import File
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, Http404


class LocalStorage(FileSystemStorage):
    """``MEDIA_ROOT``, the embedded default; a saved file is on disk (fsync) before its name is returned.

    Callers publish a name (in the database) only after ``save`` returns, so a
    published file survives a power cut as well as a killed process.
    """

    def _save(self, name, content):
        name = super()._save(name, content)
        descriptor = os.open(self.path(name), os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        return name


def open_stored(file) -> File:
    """A stored file (a model's ``FieldFile``) opened for reading from its storage; ``Http404`` when it is gone.

    For ``FileResponse``: it streams the file in chunks and closes it.
    """
    if not file:
        raise Http404
    try:
        return file.storage.open(file.name, "rb")
    except FileNotFoundError as exc:
        raise Http404 from exc


def private_download(file, *, filename, content_type):
    """A stored upload served as a download (never shown inline) that no cache keeps: the caller has checked
    that the user may read it. ``Http404`` when the file is gone."""
    response = FileResponse(
        open_stored(file), as_attachment=True, filename=filename or "file", content_type=content_type
    )
    response["Cache-Control"] = "private, no-store"
    return response
