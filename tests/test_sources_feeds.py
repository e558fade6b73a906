"""RSS and Atom entries become pages laid out as title, date line and body."""

from __future__ import annotations

from communique.model import Page, SourceError
from communique.sources.feeds import read_feed
from communique.sources.options import Unchanged

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>Council of Example States - News</title>
  <link>https://example.org/news/</link>
  <item>
    <title>Foreign ministers meet in Vienna</title>
    <link>https://example.org/news/ministers-meet</link>
    <pubDate>Thu, 12 May 2022 23:30:00 -0400</pubDate>
    <description>&lt;p&gt;The ministers met in &lt;b&gt;Vienna&lt;/b&gt;.&lt;/p&gt;&lt;p&gt;They adopted the plan.&lt;/p&gt;&lt;script&gt;evil()&lt;/script&gt;</description>
  </item>
  <item>
    <title>Secretary General's statement</title>
    <pubDate>Tue, 03 May 2022 09:00:00 GMT</pubDate>
    <description>A short summary.</description>
    <content:encoded><![CDATA[<p>The full statement of the Secretary General.</p><p>Second paragraph.</p>]]></content:encoded>
  </item>
  <item>
    <title>Undated notice</title>
    <link>/news/notice</link>
    <description>Office closed on Friday.</description>
  </item>
</channel>
</rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Example Organization</title>
  <link href="https://example.org/"/>
  <updated>2021-11-30T10:00:00Z</updated>
  <id>urn:example:feed</id>
  <entry>
    <title type="html">Joint statement on &lt;i&gt;water&lt;/i&gt; cooperation</title>
    <link rel="alternate" href="https://example.org/statements/water"/>
    <id>urn:example:1</id>
    <updated>2021-11-30T00:30:00+01:00</updated>
    <content type="html">&lt;h2&gt;Summary&lt;/h2&gt;&lt;p&gt;The ministers adopted a joint statement.&lt;/p&gt;</content>
  </entry>
  <entry>
    <title>Plain entry</title>
    <id>urn:example:2</id>
    <published>2021-10-01T08:00:00Z</published>
    <updated>2021-10-05T08:00:00Z</updated>
    <summary type="text">Text summary.</summary>
  </entry>
</feed>"""


def test_rss_items_become_title_date_body_pages():
    results = list(read_feed("https://example.org/feed.rss", RSS))
    assert all(isinstance(r, Page) for r in results)
    first, second, third = results
    assert first.uri == "https://example.org/news/ministers-meet"
    # The date is the feed's own day (23:30 in New York), not shifted to 13 May by UTC.
    assert first.text == "Foreign ministers meet in Vienna\n\n12.05.2022\n\nThe ministers met in Vienna.\n\nThey adopted the plan."
    assert first.content_type == "text/html" and "Vienna" in first.html
    assert second.uri == "https://example.org/feed.rss#2"  # no link
    # content:encoded (the full text) wins over the short description.
    assert second.text == ("Secretary General's statement\n\n03.05.2022\n\n"
                           "The full statement of the Secretary General.\n\nSecond paragraph.")
    assert third.text == "Undated notice\n\nOffice closed on Friday."
    assert third.uri == "https://example.org/news/notice"  # resolved against the feed's address


def test_atom_entries():
    first, second = read_feed("https://example.org/atom.xml", ATOM)
    assert first.uri == "https://example.org/statements/water"
    assert first.text == "Joint statement on water cooperation\n\n30.11.2021\n\nSummary\n\nThe ministers adopted a joint statement."
    assert second.uri == "https://example.org/atom.xml#2"
    assert second.text == "Plain entry\n\n01.10.2021\n\nText summary."  # published before updated
    assert second.content_type == "text/plain"


def test_entries_segment_as_dated_items():
    from communique.segment import segment_page

    page = next(iter(read_feed("https://example.org/feed.rss", RSS)))
    items = segment_page(page)
    assert items[0].title == "Foreign ministers meet in Vienna"
    assert items[0].published.iso() == "2022-05-12"


def test_not_a_feed_and_empty_feed_are_one_line_each():
    [error] = read_feed("https://example.org/x.xml", b"<html><body>nope</body></html>")
    assert isinstance(error, SourceError)
    [empty] = read_feed("https://example.org/empty.xml", b'<rss version="2.0"><channel><title>T</title></channel></rss>')
    assert isinstance(empty, SourceError) and empty.message == "feed has no entries"
    [broken] = read_feed("https://example.org/broken.xml", b"\x00\x01garbage")
    assert isinstance(broken, SourceError) and "\n" not in broken.message


def test_a_path_in_the_body_is_not_opened():
    [error] = read_feed("https://example.org/evil", b"/etc/passwd")
    assert isinstance(error, SourceError)


def test_unchanged_entries_are_skipped():
    first = list(read_feed("https://example.org/feed.rss", RSS))

    class Known:
        def page_state(self, uri):
            return (first[1].sha256, None, None) if uri == first[1].uri else None

    again = list(read_feed("https://example.org/feed.rss", RSS, Known()))
    assert again[1] == Unchanged(first[1].uri)
    assert isinstance(again[0], Page) and isinstance(again[2], Page)
