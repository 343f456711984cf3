"""``osms-payroll serve``: a local page for accountants and a JSON API for other systems.

The web layer parses requests, calls the SDK and presents; it computes nothing itself. Uploads and
outputs live in a temporary folder removed before the response is sent.
"""

from osms_payroll.web.app import create_app
from osms_payroll.web.settings import DEFAULT_MAX_BYTES, WebSettings

__all__ = ["DEFAULT_MAX_BYTES", "WebSettings", "create_app"]
