"""Local files: dispatch by content, decoding, and one clear line for every bad input."""

from __future__ import annotations

import errno
import gzip
import io
import os
import shutil
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from communique.model import Page, SourceError
from communique.sources import read_inputs
from communique.sources.files import read_path, sniff
from communique.sources.options import SourceOptions, Unchanged

PAGES = Path(__file__).parent / "pages"
FRENCH = (
    "Le Conseil s'est réuni à Genève. Les délégués ont adopté la déclaration finale après un débat "
    "animé sur la coopération économique.\n"
)
RUSSIAN = (
    "Министры иностранных дел государств-членов встретились в Вене, чтобы обсудить годовой план "
    "работы организации.\n"
)
RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>News</title><link>https://example.org/</link>
<item><title>Council meets</title><link>https://example.org/n/1</link>
<pubDate>Thu, 12 May 2022 10:00:00 +0200</pubDate><description>The council met.</description></item>
</channel></rss>"""
SITEMAP = b"""<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>https://example.org/a</loc></url></urlset>"""


def _read(path: Path | str, **options) -> list:
    return list(read_path(str(path), SourceOptions(**options)))


def _one(path: Path | str, **options):
    results = _read(path, **options)
    assert len(results) == 1, results
    return results[0]


class Known:
    def __init__(self, states: dict[str, tuple[str | None, str | None, str | None]]) -> None:
        self.states = states

    def page_state(self, uri: str):
        return self.states.get(uri)


def _warc_bytes(gz: bool = True) -> bytes:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    body = b"<html><body><h1>Archived</h1><p>Archived text.</p></body></html>"
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record("https://example.org/a", "response", payload=io.BytesIO(body), http_headers=headers))
    return buf.getvalue()


def test_plain_text_file(tmp_path):
    path = tmp_path / "note.txt"
    path.write_bytes(b"Title line\r\n\r\nA paragraph.\r\n")
    page = _one(path)
    assert isinstance(page, Page)
    assert page.text == "Title line\n\nA paragraph.\n"
    assert page.uri == path.resolve().as_uri()
    assert page.content_type == "text/plain"


@pytest.mark.parametrize(("text", "codec"), [(FRENCH, "latin-1"), (FRENCH, "cp1252"), (RUSSIAN, "cp1251")])
def test_legacy_encodings_are_decoded(tmp_path, text, codec):
    path = tmp_path / "legacy.txt"
    path.write_bytes(text.encode(codec))
    assert _one(path).text == text


def test_utf8_text_with_a_bad_byte_is_utf8_with_a_replacement_character(tmp_path):
    """Outside probe: one invalid byte made a Russian UTF-8 page "binary" and an English one
    mojibake (every “ read as ‚Äú); a legacy page is still detected."""
    english = "The ministers said “we agree” and “we will meet again” in Vienna.\n"
    for text in (RUSSIAN, english):
        path = tmp_path / "damaged.txt"
        path.write_bytes(text.encode() + b"\xff" + text.encode())
        assert _one(path).text == text + "\ufffd" + text
    legacy = tmp_path / "legacy.txt"
    legacy.write_bytes(RUSSIAN.encode("cp1251") + "“Ёлка” — №5\n".encode("cp1251"))
    assert _one(legacy).text == RUSSIAN + "“Ёлка” — №5\n"


def test_binary_empty_and_missing_give_one_line_each(tmp_path):
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"  \n\n")
    assert "binary content" in _one(binary).message
    assert _one(empty).message == "empty file, skipped"
    missing = _one(tmp_path / "nope.html")
    assert isinstance(missing, SourceError) and missing.message == "no such file or directory"


def test_a_50_mb_page_is_refused_quickly_without_reading_it(tmp_path, monkeypatch):
    path = tmp_path / "huge.html"
    with path.open("wb") as f:
        f.write(b"<!doctype html><html><body><p>x</p>")
        f.truncate(50 * 1024 * 1024)  # sparse: costs no disk and no time to write
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("read the whole file"))
    error = _one(path)  # read_bytes fails the test: the size alone decides
    assert isinstance(error, SourceError)
    assert error.message == "too large (52.4 MB > 20 MB limit), skipped"


def test_max_bytes_option_is_the_limit(tmp_path):
    path = tmp_path / "page.txt"
    path.write_bytes(b"x" * 2000)
    assert "too large" in _one(path, max_bytes=1000).message
    assert isinstance(_one(path, max_bytes=5000), Page)


def test_not_a_regular_file(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    assert _one(fifo).message == "not a regular file, skipped"


def test_directory_is_walked_recursively_in_sorted_order_skipping_dotfiles(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text("two.")
    (tmp_path / "b" / "1.txt").write_text("one.")
    (tmp_path / "a.txt").write_text("a.")
    (tmp_path / ".hidden.txt").write_text("hidden.")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text("git.")
    assert [p.text for p in _read(tmp_path)] == ["a.", "one.", "two."]


def test_symlinks_out_of_the_folder_are_not_followed(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("secret.")
    (outside / "dir").mkdir()
    (outside / "dir" / "deep.txt").write_text("deep.")
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "page.txt").write_text("inside.")
    (folder / "link.txt").symlink_to(outside / "secret.txt")
    (folder / "linkdir").symlink_to(outside / "dir", target_is_directory=True)
    (folder / "inner.txt").symlink_to(folder / "page.txt")
    texts = [p.text for p in _read(folder)]
    assert texts == ["inside.", "inside."]  # inner.txt -> page.txt stays inside


def test_symlink_loops_are_one_line_each_and_the_folder_is_read(tmp_path):
    """Outside probe: `ln -s self d/self` ended the run with RuntimeError (Symlink loop) and
    nothing of the folder was stored."""
    folder = tmp_path / "d"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text("first.")
    (folder / "sub" / "b.txt").write_text("second.")
    (folder / "self").symlink_to("self")  # leads back to itself
    (folder / "ping").symlink_to("pong")  # two links leading to each other
    (folder / "pong").symlink_to("ping")
    (folder / "up").symlink_to("..", target_is_directory=True)  # a folder holding the link
    (folder / "sub" / "again").symlink_to(folder, target_is_directory=True)
    results = _read(folder)
    assert [r.text for r in results if isinstance(r, Page)] == ["first.", "second."]
    errors = {r.uri.rsplit("/", 1)[1]: r.message for r in results if isinstance(r, SourceError)}
    assert sorted(errors) == ["again", "ping", "pong", "self", "up"], results
    assert all(m.startswith("symlink loop") and "\n" not in m for m in errors.values())
    assert f"points to {folder}" in errors["again"]
    assert isinstance(_one(folder / "self"), SourceError)  # given directly


def test_an_unreadable_folder_is_one_line_and_the_rest_is_read(tmp_path, monkeypatch):
    """Outside probe: a chmod-000 subfolder was skipped without a word."""
    (tmp_path / "a.txt").write_text("first.")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "secret.txt").write_text("locked.")
    (tmp_path / "z").mkdir()
    (tmp_path / "z" / "c.txt").write_text("last.")
    if os.geteuid() == 0:  # root lists a chmod-000 folder anyway: refuse it as the OS refuses a user
        scandir = os.scandir

        def refusing(path="."):
            if os.fspath(path) == str(locked):
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), os.fspath(path))
            return scandir(path)

        monkeypatch.setattr(os, "scandir", refusing)
    locked.chmod(0)
    try:
        results = _read(tmp_path)
    finally:
        locked.chmod(0o755)
    assert [r.text for r in results if isinstance(r, Page)] == ["first.", "last."]
    [error] = [r for r in results if isinstance(r, SourceError)]
    assert error.uri == locked.as_uri()
    assert error.message == "cannot read folder: Permission denied; skipped"


def test_a_file_with_thousands_of_errors_prints_a_bounded_report(tmp_path):
    """Outside probe: a 300 KB feed of empty entries printed one error line per entry."""
    feed = tmp_path / "empty-entries.rss"
    good = b"<item><title>Council meets</title><link>https://example.org/n/1</link><description>The council met.</description></item>"
    feed.write_bytes(b'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>' + good
                     + b"<item/>" * 43_000 + b"</channel></rss>")
    results = _read(feed)
    pages = [r for r in results if isinstance(r, Page)]
    errors = [r for r in results if isinstance(r, SourceError)]
    assert [p.uri for p in pages] == ["https://example.org/n/1"]
    assert len(errors) == 6
    assert all(e.message == "feed entry without title or text, skipped" for e in errors[:5])
    assert errors[5].uri == feed.as_uri()
    assert errors[5].message == "... and 42,995 more errors in this input, not listed"


def test_html_by_suffix_and_by_content(tmp_path):
    shutil.copy(PAGES / "listing.html", tmp_path / "listing.htm")
    (tmp_path / "saved.txt").write_bytes(b"<!DOCTYPE html>\n<html><body><p>Saved as text.</p></body></html>")
    (tmp_path / "fragment.html").write_bytes(b"<span>Only a fragment</span>")
    pages = {p.uri.rsplit("/", 1)[-1]: p for p in _read(tmp_path)}
    assert pages["listing.htm"].content_type == "text/html"
    assert "Foreign ministers meet in Vienna" in pages["listing.htm"].text
    assert pages["saved.txt"].text == "Saved as text."
    assert pages["fragment.html"].text == "Only a fragment"


def test_feeds_by_suffix_or_root(tmp_path):
    (tmp_path / "news.rss").write_bytes(RSS)
    (tmp_path / "feed").write_bytes(RSS)  # no suffix: the <rss> root says it
    results = _read(tmp_path)
    assert [r.uri for r in results] == ["https://example.org/n/1", "https://example.org/n/1"]
    assert results[0].text == "Council meets\n\n12.05.2022\n\nThe council met."


def test_local_sitemap_is_refused_with_a_hint(tmp_path):
    path = tmp_path / "sitemap.xml"
    path.write_bytes(SITEMAP)
    error = _one(path)
    assert isinstance(error, SourceError) and "give its http(s) URL" in error.message


def test_warc_files_plain_and_gzip(tmp_path):
    (tmp_path / "crawl.warc.gz").write_bytes(_warc_bytes(gz=True))
    (tmp_path / "crawl.warc").write_bytes(_warc_bytes(gz=False))
    (tmp_path / "renamed.bin").write_bytes(_warc_bytes(gz=True))  # gzip holding a WARC
    results = _read(tmp_path)
    assert [r.uri for r in results] == ["https://example.org/a"] * 3
    assert all(r.text == "Archived\n\nArchived text." for r in results)


def test_other_gzip_is_refused(tmp_path):
    path = tmp_path / "notes.txt.gz"
    path.write_bytes(gzip.compress(b"plain text"))
    assert "compressed file" in _one(path).message


def test_unchanged_file_is_skipped(tmp_path):
    path = tmp_path / "note.txt"
    path.write_text("Same text.")
    page = _one(path)
    known = Known({page.uri: (page.sha256, None, None)})
    assert list(read_path(str(path), SourceOptions(), known)) == [Unchanged(page.uri)]
    path.write_text("New text.")
    assert isinstance(next(read_path(str(path), SourceOptions(), known)), Page)


def test_read_inputs_mixes_paths_and_errors(tmp_path):
    (tmp_path / "a.txt").write_text("A.")
    results = list(read_inputs([str(tmp_path / "a.txt"), str(tmp_path / "missing")]))
    assert isinstance(results[0], Page)
    assert str(results[1]) == f"{tmp_path / 'missing'}: no such file or directory"


@pytest.mark.parametrize(
    ("name", "head", "kind"),
    [
        ("a.html", b"", "html"),
        ("a.txt", b"<!doctype html><html>", "html"),
        ("a", b"\xef\xbb\xbf<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'>", "feed"),
        ("a.xml", b"<?xml version='1.0'?><urlset>", "sitemap"),
        ("a.xml", b"<?xml version='1.0'?><catalog>", "xml"),
        ("a.rss", b"", "feed"),
        ("a.warc", b"", "warc"),
        ("a", b"WARC/1.1\r\n", "warc"),
        ("a.txt", b"Hello <b>", "text"),
        ("a.md", b"# Title", "text"),
    ],
)
def test_sniff(name, head, kind):
    assert sniff(Path(name), head) == kind
