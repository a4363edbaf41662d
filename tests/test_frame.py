"""Paper pages outside MkDocs: the frame cut at its markers, listings kept out of
Markdown, and the built site's paper pages, sitemap and icon sprite."""

import re
import xml.dom.minidom

import pytest

from generator.site import listings
from generator.site.frame import (
    ICONS,
    MARKERS,
    Frame,
    FrameError,
    PaperPage,
    icon_sprite,
)

ICON = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M1 2h3z"/></svg>'
SHELL = (
    "<html>\n  <head>\n    <!--catalog:title-->\n    <script>var a = 1 << 2;</script>\n    <!--catalog:head-->\n"
    f"  </head>\n  <body>\n    <a>{ICON}</a><b>{ICON}</b>\n    <span>CATALOGFRAMETITLE</span>\n"
    "    <article><!--catalog:content--></article>\n  </body>\n</html>\n"
)


def page(title="A <b> & title", content="<p>x</p>"):
    return PaperPage("papers/2401.00001", title, '<meta name="x" content="y">', content)


def test_a_frame_is_filled_with_the_escaped_title_head_and_content():
    frame = Frame.from_html(SHELL, "Site & co", "../../")
    out = frame.fill(page())
    assert "<title>A &lt;b&gt; &amp; title - Site &amp; co</title>" in out
    assert '<meta name="x" content="y">' in out
    assert "<span>A &lt;b&gt; &amp; title</span>" in out
    assert "<article><p>x</p></article>" in out
    assert not any(marker in out for marker in MARKERS)


def test_the_content_is_left_exactly_as_given_indentation_of_the_frame_is_not():
    content = "<pre><code>@misc{a,\n      title={x},\n}</code></pre>"
    out = Frame.from_html(SHELL, "S", "../../").fill(page(content=content))
    assert content in out
    assert "\n    <" not in out.replace(content, "")


def test_icons_move_to_one_shared_sprite_and_inline_scripts_to_files():
    frame = Frame.from_html(SHELL, "S", "../../")
    assert len(frame.icons) == 1  # the same icon twice: one symbol
    (name,) = frame.icons
    out = frame.fill(page())
    assert out.count(f'<use href="../../{ICONS}#{name}"/>') == 2
    assert "<path" not in out
    sprite = icon_sprite(frame.icons)
    xml.dom.minidom.parseString(sprite)  # well-formed SVG
    assert f'<symbol id="{name}" viewBox="0 0 24 24"><path d="M1 2h3z"/></symbol>' in sprite
    ((path, code),) = frame.scripts.items()
    assert code == "var a = 1 << 2;\n"
    assert f'<script src="../../{path}"></script>' in out


def test_a_frame_without_its_markers_is_refused():
    with pytest.raises(FrameError, match="catalog:content"):
        Frame.from_html(SHELL.replace("<!--catalog:content-->", ""), "S", "../../")
    with pytest.raises(FrameError, match="expected 1"):
        Frame.from_html(SHELL + "CATALOGFRAMETITLE", "S", "../../")


def test_listings_are_cut_out_of_markdown_and_put_back_in_order():
    markdown = f"# T\n\n{listings.START}\n<ul><li>a</li></ul>\n{listings.END}\n\ntext\n\n{listings.START}<p>b</p>{listings.END}\n"
    cut, found = listings.cut(markdown)
    assert found == ["\n<ul><li>a</li></ul>\n", "<p>b</p>"]
    assert "<li>" not in cut and cut.count("<!--catalog:listing:") == 2
    html = cut.replace("# T", "<h1>T</h1>")
    assert listings.restore(html, found) == html.replace("<!--catalog:listing:0-->", found[0]).replace(
        "<!--catalog:listing:1-->", found[1]
    )
    with pytest.raises(ValueError, match="placeholders"):
        listings.restore("<p>lost</p>", found)


def test_built_paper_pages_are_framed_and_the_stand_in_pages_are_gone(bundled_site):
    pages = [p for p in (bundled_site / "papers").rglob("index.html") if p.parent.name != "papers"]
    assert len(pages) == 39
    assert not (bundled_site / "papers" / "_frame").exists()
    for path in pages:
        source = path.read_text(encoding="utf-8")
        assert source.count('data-md-component="search"') == 1
        assert "CATALOGFRAMETITLE" not in source and "<!--catalog:" not in source
        for asset in re.findall(r'(?:src|href)="((?:\.\./)+assets/[^"#]+)', source):
            assert (path.parent / asset).resolve().is_file(), (path, asset)


def test_the_sitemap_lists_every_paper_page_and_no_stand_in(bundled_site, bundled_settings):
    text = (bundled_site / "sitemap.xml").read_text(encoding="utf-8")
    locations = [node.firstChild.data for node in xml.dom.minidom.parseString(text).getElementsByTagName("loc")]
    papers = [loc for loc in locations if re.search(r"/papers/[0-9.]+/$", loc)]
    assert len(papers) == 39 and len(set(locations)) == len(locations)
    assert not any("_frame" in loc for loc in locations)
    assert f"{bundled_settings.site_url}tags/" in locations


def test_paper_pages_converted_in_forked_workers_are_the_same(bundled_site, bundled_settings, monkeypatch, tmp_path):
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files

    from generator import plugin
    from generator.build import MKDOCS_CONFIG

    config = load_config(str(MKDOCS_CONFIG), docs_dir=str(bundled_settings.output_path), site_dir=str(tmp_path))
    files = get_files(config)
    papers = [f for f in files if re.fullmatch(r"papers/\d{4}\.\d{5}\.md", f.src_uri)]
    assert len(papers) == 39
    others = [f for f in files if f not in papers]
    serial, converted = plugin.convert_paper_pages(papers, others, config, None)
    assert converted == 39
    monkeypatch.setattr(plugin, "worth_forking", lambda size, threshold: True)
    forked, _ = plugin.convert_paper_pages(papers, others, config, None)
    assert forked == serial


def test_icons_and_scripts_of_the_pinned_theme_move_out_of_every_paper_page(bundled_site):
    """Material 9.8's frame has 8 inline icons and 3 inline scripts. If a theme update
    changes their markup, the patterns stop matching and the pages silently grow: this
    count fails first."""
    sprite = (bundled_site / "assets" / "catalog" / "icons.svg").read_text(encoding="utf-8")
    assert sprite.count("<symbol") == 8
    assert len(list((bundled_site / "assets" / "catalog").glob("*.js"))) == 3
    page = (bundled_site / "papers" / "2311.08526" / "index.html").read_text(encoding="utf-8")
    assert '<svg xmlns="http://www.w3.org/2000/svg"' not in page and "<script>" not in page
    assert page.count("<use href=") >= 8


def test_the_frame_pages_never_exist_in_the_docs_tree(bundled_site, bundled_settings):
    docs = bundled_settings.output_path
    assert not list(docs.rglob("_frame*")) and not (docs / "papers" / "_frame").exists()
