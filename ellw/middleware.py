"""Request guards shared by every view."""

from ellw.views import bad_request

NUL = "\x00"


def _has_nul(query_dict) -> bool:
    return any(
        NUL in key or any(NUL in value for value in values) for key, values in query_dict.lists()
    )


class RejectNulBytesMiddleware:
    """No text we store or query may hold a NUL byte: PostgreSQL refuses it (a 500 from any
    filter or form that passes one on). Refuse it once, here, with the 400 page: in the path,
    the query string or posted form data (raw or percent-encoded as %00)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._carries_nul(request):
            return bad_request(request)
        return self.get_response(request)

    @staticmethod
    def _carries_nul(request) -> bool:
        # path and GET are already percent-decoded, so %00 arrives here as a NUL.
        if (
            NUL in request.path
            or NUL in request.META.get("QUERY_STRING", "")
            or _has_nul(request.GET)
        ):
            return True
        if request.method != "POST" or request.content_type not in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ):
            return False
        # Uploaded files' names need no check: Django's parser already drops NULs from them.
        return _has_nul(request.POST)
