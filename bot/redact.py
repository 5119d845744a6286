"""`redact_url`: what may be shown of a URL in logs, errors and chat.

Shared by ingestion (its errors), the store (a disabled source's reason) and the commands, so none of them
imports another for it.
"""

from __future__ import annotations

import re

_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/?#@\s]*@")


def redact_url(text: str) -> str:
    """Text with the credentials of any URL in it (`https://user:pass@host/`) replaced by `***`."""
    return _USERINFO.sub(r"\1***@", text)
