"""Escaping: input text never becomes Markdown, HTML or template code."""

import html as html_lib
import re

import markdown
import pytest
import yaml

from generator.site.markup import md_escape, pre_block, url, yaml_string

EXTENSIONS = ["attr_list", "tables", "toc", "pymdownx.superfences"]


def to_html(text: str) -> str:
    return markdown.markdown(text, extensions=EXTENSIONS)


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "**bold** and _em_ and `code`",
        "[link](javascript:alert(1))",
        "# heading",
        "- list item",
        "1. ordered",
        "> quote",
        "text { onclick=alert(1) }",
        "a | b | c",
        "{{ config }} {% raw %}",
        "$x^2$ costs $5",
        "&amp; &lt;",
        "    indented code",
    ],
)
def test_hostile_text_renders_as_the_same_literal_text(hostile):
    html = to_html(md_escape(hostile))
    # Exactly one paragraph whose visible text is the input.
    assert html.startswith("<p>") and html.endswith("</p>"), html
    inner = html[3:-4]
    assert "<" not in inner, f"markup leaked: {html}"
    assert html_lib.unescape(re.sub(r"\s+", " ", inner)) == hostile.strip()


def test_newlines_cannot_start_a_block():
    html = to_html(md_escape("first\n# not a heading\n- not a list"))
    assert "<h1" not in html and "<li" not in html


def test_yaml_string_is_valid_yaml_with_escaped_html():
    value = 'A "quoted" <b>title</b>: with colon\nand newline'
    loaded = yaml.safe_load(f"title: {yaml_string(value)}")
    assert loaded["title"] == "A &quot;quoted&quot; &lt;b&gt;title&lt;/b&gt;: with colon\nand newline"


def test_a_pre_block_shows_its_text_exactly_and_markdown_leaves_it_alone():
    text = "@misc{k,\n  title={A *bold* [link](x) $x_1$ `code` </code></pre><script>alert(1)</script> & more},\n}"
    html = to_html(f"Before\n\n{pre_block(text)}\n\nAfter")
    assert "<script>" not in html and "<em>" not in html and "<a " not in html
    inner = html.split("<code>", 1)[1].split("</code>", 1)[0]
    assert inner == text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    assert html.count("<pre>") == 1 and "<p>After</p>" in html


def test_url_encodes_characters_that_end_a_markdown_link():
    assert url("https://github.com/a/b (c)") == "https://github.com/a/b%20%28c%29"
    assert url("https://x.org/?a=1&b=2") == "https://x.org/?a=1&b=2"


def test_spaces_after_a_link_or_math_stay_in_markdown():
    from generator.site.markup import rich_text

    text = "Code at https://example.org/x and $x$ is math then words."
    start = text.index("https")
    end = start + len("https://example.org/x")
    out = str(rich_text(text, [(start, end, "https://example.org/x")]))
    assert ") and " in out and "</span> is math" in out
