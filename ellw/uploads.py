"""One cap on uploaded files for the whole service, holding before anything reaches memory
or disk (settings.FILE_UPLOAD_HANDLERS puts this handler in front of Django's own).

Django streams a large upload to a temporary file before any form can look at its size,
and middleware may read the body before a view runs, so a form's size check alone would
let anyone fill the disk. Past ELLW_UPLOAD_MAX_BYTES this handler stops storing (the rest
of the body is read and thrown away) and marks the request (`upload_too_large`), so the
view can say what was wrong.
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload


def upload_too_large(request) -> bool:
    """This request carried a file over the cap, which was not kept."""
    return getattr(request, "upload_too_large", False)


class SizeLimitUploadHandler(FileUploadHandler):
    def __init__(self, request=None):
        super().__init__(request)
        self.max_bytes = settings.ELLW_UPLOAD_MAX_BYTES

    def _refuse(self):
        if self.request is not None:
            self.request.upload_too_large = True
        raise StopUpload(connection_reset=False)

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        # A body announced too large stops at its first file's first chunk; the fields
        # before it (the CSRF token) are still read. The whole body may be a little over
        # the file's size: the form's other fields.
        self.announced_too_large = bool(
            content_length and content_length > self.max_bytes + 64 * 1024
        )

    def receive_data_chunk(self, raw_data, start):
        if self.announced_too_large or start + len(raw_data) > self.max_bytes:
            self._refuse()
        return raw_data

    def file_complete(self, file_size):
        return None
