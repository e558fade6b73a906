"""Bytes to text for every reader: UTF-8 when it is, else the detected charset."""

from __future__ import annotations

from charset_normalizer import from_bytes

__all__ = ["decode"]


def decode(data: bytes) -> str | None:
    """Text from bytes: UTF-8 when it is, else the charset detected; None when binary."""
    if b"\x00" in data[:8192]:
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    return str(best) if best is not None else None
