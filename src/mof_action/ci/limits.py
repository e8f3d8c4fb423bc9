"""Texts cut to a CI service's documented limits, whatever the host: whole lines kept, and a
note saying where the rest is. Pure."""
from __future__ import annotations

TRUNCATED = "\n\n**Truncated** to fit {service}'s limit. {pointer}\n"


def fit(text: str, limit: int, pointer: str = "", *, service: str = "the service") -> str:
    """`text` if it has at most `limit` characters, else as many whole lines as fit, then a note
    saying where the rest is (an ellipsis when there is no pointer)."""
    if len(text) <= limit:
        return text
    note = TRUNCATED.format(service=service, pointer=pointer).rstrip() + "\n" if pointer else "…"
    room = max(limit - len(note), 0)
    cut = text.rfind("\n", 0, room)
    return (text[:cut if cut > 0 else room] + note)[:limit]


def fit_bytes(text: str, limit: int) -> str:
    """At most `limit` bytes of UTF-8, cut between characters, marked with an ellipsis when cut."""
    if len(text.encode("utf-8")) <= limit:
        return text
    return text.encode("utf-8")[:limit - 3].decode("utf-8", "ignore") + "…"
