"""Upload limits applied while the request body is read, not after.

Django parses a multipart body whenever ``request.POST`` is first read (the
CSRF middleware does it before any view checks who is asking) and keeps every
uploaded file whole, in memory or in a temporary file, however large. This
handler, first in ``FILE_UPLOAD_HANDLERS``:

- refuses to parse a body larger than ``UPLOAD_MAX_REQUEST_SIZE`` at all (the
  request then has no POST data and fails its CSRF check);
- stops storing a file once it passes ``UPLOAD_MAX_FILE_SIZE`` and hands the
  form an empty ``OversizedUpload`` that still reports the full size, so the
  form's own size check answers "larger than 10 MB" beside the field.
"""

import io

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.http import QueryDict
from django.utils.datastructures import MultiValueDict


class OversizedUpload(UploadedFile):
    """A file that was too large to keep: its name and size, no content."""

    def __init__(self, *, name, size, content_type, charset=None, content_type_extra=None):
        super().__init__(io.BytesIO(), name, content_type, size, charset, content_type_extra)

    def open(self, mode=None):
        self.file.seek(0)
        return self


class SizeLimitedUploadHandler(FileUploadHandler):
    def __init__(self, request=None):
        super().__init__(request)
        self.received = 0
        self.too_large = False

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if content_length > settings.UPLOAD_MAX_REQUEST_SIZE:
            # Parsed as empty: nothing of the body is read or stored.
            return QueryDict(encoding=encoding), MultiValueDict()
        return None

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0
        self.too_large = False

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.UPLOAD_MAX_FILE_SIZE:
            self.too_large = True
            # Swallowed: the handlers after this one (memory, temporary file) stop receiving it.
            return None
        return raw_data

    def file_complete(self, file_size):
        if not self.too_large:
            return None
        return OversizedUpload(
            name=self.file_name,
            size=self.received,
            content_type=self.content_type,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )
