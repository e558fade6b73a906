"""How often a word is written in English, for rules that tell names from ordinary words.

    zipf(word) -> float    wordfreq's small English list, on the Zipf scale (0: never seen,
                           3: about once in a million words, 7: "the")

One place for the list, shared by segmentation (a staff list's surname) and extraction (a
surname that is no English word); the list is loaded on first use.
"""

from __future__ import annotations

from functools import lru_cache

__all__ = ["zipf"]


@lru_cache(maxsize=1 << 16)
def zipf(word: str) -> float:
    from wordfreq import zipf_frequency  # loads its list on first use (0.35 s)

    return zipf_frequency(word, "en", wordlist="small")
