"""Bytes to text for every reader: UTF-8 when it is (or nearly is), else the detected charset."""

from __future__ import annotations

from charset_normalizer import from_bytes

__all__ = ["decode", "mostly_utf8"]

# Well-formed non-ASCII characters needed per malformed sequence for bytes to count as UTF-8
# with a few bad bytes. Legacy text decoded as UTF-8 gives at most about 0.4 (CJK double-byte
# charsets, whose byte pairs sometimes form UTF-8 by chance; 0 for Cyrillic, Greek, Hebrew,
# Arabic, Latin-1), damaged UTF-8 gives tens or hundreds: 4 keeps a wide margin on both sides.
_GOOD_PER_BAD = 4
_REPLACEMENT = "\ufffd"


def mostly_utf8(data: bytes) -> str | None:
    """The bytes as UTF-8 when they are UTF-8 but for a few malformed sequences, each one a
    U+FFFD (as a browser shows it); None when they read better as another charset.

    Hand-written because charset-normalizer (the detector used below) drops UTF-8 at the first
    malformed byte: one bad byte in a UTF-8 page made English quotes mojibake ("“" read as
    mac_roman) and a Russian page "binary". UTF-8 is self-synchronizing, so a few bad bytes
    leave every other character well-formed; text in a legacy charset almost never forms
    well-formed multi-byte sequences (see _GOOD_PER_BAD)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8-sig", errors="replace")  # one U+FFFD per maximal bad subpart, as WHATWG
    bad = text.count(_REPLACEMENT) - data.count(b"\xef\xbf\xbd")  # less the U+FFFD the page itself holds
    good = len(text) - len(text.encode("ascii", "ignore")) - text.count(_REPLACEMENT)
    return text if good >= _GOOD_PER_BAD * max(bad, 1) else None


def decode(data: bytes) -> str | None:
    """Text from bytes: UTF-8 when it is (a few malformed bytes replaced by U+FFFD), else the
    charset detected; None when binary."""
    if b"\x00" in data[:8192]:
        return None
    text = mostly_utf8(data)
    if text is not None:
        return text
    best = from_bytes(data).best()
    return str(best) if best is not None else None
