"""Opaque cursors of paged lists: the key of the last item seen, in URL-safe base64."""

from __future__ import annotations

import base64

from projections.model import BadCursor

MAX_CURSOR = 512


def encode_cursor(key: str) -> str:
    return base64.urlsafe_b64encode(key.encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> str:
    """The key an opaque cursor stands for; ``BadCursor`` when it is not one of ours."""
    if not cursor:
        return ""
    if len(cursor) > MAX_CURSOR:
        raise BadCursor("the cursor is too long to be one this service made")
    try:
        padded = (cursor + "=" * (-len(cursor) % 4)).encode("ascii")
        return base64.b64decode(padded, altchars=b"-_", validate=True).decode()
    except (ValueError, UnicodeError):  # not base64 of UTF-8 text, or not ASCII at all
        raise BadCursor("the cursor is not one this service made: pass an edge's `cursor`") from None
