"""Personal data stays out of logs and error reports (docs/security.md).

Search words in a query string may be a resident's name, and every form in Kwartier
may hold personal data, so neither is written to a log line or an error report.
"""

import logging
import re

from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter

# A query string up to the next space or quote: "GET /personen/?q=Jansen HTTP/1.1".
QUERY_STRING = re.compile(r"\?[^\s\"'<>]+")
REMOVED = "?[…]"


def strip_query_strings(value):
    return QUERY_STRING.sub(REMOVED, value) if isinstance(value, str) else value


class StripQueryStrings(logging.Filter):
    """Remove query strings from a record's message and arguments.

    Attached to the django.request and django.server loggers in LOGGING: the
    development server logs every request line with its query string.
    """

    def filter(self, record):
        record.msg = strip_query_strings(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(strip_query_strings(arg) for arg in record.args)
        elif isinstance(record.args, dict):
            record.args = {key: strip_query_strings(arg) for key, arg in record.args.items()}
        return True


class PersonalDataReporterFilter(SafeExceptionReporterFilter):
    """Hide the values of every submitted field, not only those marked sensitive.

    Also the query string and the previous page (Referer) in the request headers,
    and the values of the local variables in the traceback: a form, a resident or a
    search result in a frame is personal data as much as the POST body is. Like
    Django's own filter it is active only with DEBUG off.
    """

    hidden_meta = {"QUERY_STRING", "HTTP_REFERER", "REQUEST_URI", "RAW_URI"}

    def get_post_parameters(self, request):
        if request is None:
            return {}
        if not self.is_active(request):
            return request.POST
        cleansed = request.POST.copy()
        for key in cleansed:
            cleansed.setlist(key, [self.cleansed_substitute])
        return cleansed

    def get_cleansed_multivaluedict(self, request, multivaluedict):
        # request.POST and request.GET in the variables of a traceback frame.
        if not self.is_active(request):
            return multivaluedict
        cleansed = multivaluedict.copy()
        for key in cleansed:
            cleansed.setlist(key, [self.cleansed_substitute])
        return cleansed

    def get_traceback_frame_variables(self, request, tb_frame):
        if not self.is_active(request):
            return super().get_traceback_frame_variables(request, tb_frame)
        return [(name, self.cleansed_substitute) for name in tb_frame.f_locals]

    def get_safe_request_meta(self, request):
        meta = super().get_safe_request_meta(request)
        if self.is_active(request):
            for key in self.hidden_meta & meta.keys():
                meta[key] = self.cleansed_substitute
        return meta


class PersonalDataExceptionReporter(ExceptionReporter):
    """An error report without the GET parameters and the query string of the URL."""

    def get_traceback_data(self):
        data = super().get_traceback_data()
        if self.request is not None and self.filter.is_active(self.request):
            data["request_GET_items"] = self.filter.get_cleansed_multivaluedict(
                self.request, self.request.GET
            ).items()
            data["request_insecure_uri"] = strip_query_strings(data["request_insecure_uri"])
        return data
