"""Upload limits applied while the request body is read, not after.

Django parses a multipart body whenever ``request.POST`` is first read (the
CSRF middleware does it before any view checks who is asking) and keeps every
uploaded file whole, in memory or in a temporary file, however large. This
handler, first in ``FILE_UPLOAD_HANDLERS``:

- refuses to parse a body larger than ``UPLOAD_MAX_REQUEST_SIZE`` at all (the
  request then has no POST data, not even its CSRF token);
- stops storing a file once it passes ``UPLOAD_MAX_FILE_SIZE`` and hands the
  form an empty ``OversizedUpload`` that still reports the full size, so the
  form's own size check answers "larger than 10 MB" beside the field.

``RequestTooLargeMiddleware`` answers the body that was not parsed, before the
CSRF check would refuse it: 413, with the same "larger than 10 MB" message.
"""

import io

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.http import QueryDict
from django.shortcuts import render
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext_lazy as _

from .net import referring_page


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


NOTHING_SAVED = _("The file sent with the form was too large to read, so nothing in the form was saved.")


def body_too_large(request) -> bool:
    """Whether ``request`` is a multipart POST whose body ``SizeLimitedUploadHandler`` leaves unparsed."""
    if request.method != "POST" or request.content_type != "multipart/form-data":
        return False
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return length > settings.UPLOAD_MAX_REQUEST_SIZE


def unread_upload(request) -> OversizedUpload:
    """The file a too-large body carried, as far as is known without reading it: at least the body's size.

    Handed to a form's own validation, it gets the message any file over
    10 MB gets ("The file is larger than 10 MB.").
    """
    return OversizedUpload(
        name="upload", size=int(request.META["CONTENT_LENGTH"]), content_type="application/octet-stream"
    )


def unread_form_error(form, field, error):
    """Show ``error`` beside ``field`` of the unbound ``form``, and above it that nothing was saved.

    For a form whose body was too large to read: it shows what is saved (its
    initial values), since what was typed never arrived.
    """
    form.cleaned_data = {}  # add_error expects a cleaned form; an unbound one has none
    form.add_error(field, error)
    form.add_error(None, NOTHING_SAVED)
    return form


def too_large_page(handler):
    """Have ``RequestTooLargeMiddleware`` answer this upload view's too-large POST with ``handler``.

    ``handler(request, *args, **kwargs)`` takes the view's URL arguments and
    renders its page again with the file field's own message, status 413. It
    runs without the CSRF check (the token is in the unread body), so it must
    only read: check access as the view does, render, never save.
    """

    def decorate(view):
        view.too_large_page = handler
        return view

    return decorate


class RequestTooLargeMiddleware:
    """Answer a multipart POST over ``UPLOAD_MAX_REQUEST_SIZE`` with 413 and the 10 MB message, not a CSRF failure.

    Before ``CsrfViewMiddleware``: the body is never read, so the form's CSRF
    token never arrives and Django would answer its English "CSRF verification
    failed" page. The view is not run (it would act without the CSRF check);
    a view marked with ``too_large_page`` has its page rendered again with the
    message beside the file field, any other gets ``413.html`` with a link back.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not body_too_large(request):
            return None
        handler = getattr(view_func, "too_large_page", None)
        if handler is not None:
            return handler(request, *view_args, **view_kwargs)
        return render(request, "413.html", {"back_url": referring_page(request)}, status=413)
