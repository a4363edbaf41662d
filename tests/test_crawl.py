"""A crawl of the built site from its home page: no broken internal link or anchor."""

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlparse

ROOT_URL = "https://example.github.io/paper-catalog/"


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"])
        if tag == "a" and values.get("name"):
            self.ids.add(values["name"])
        for name in ("href", "src"):
            if values.get(name) and not (tag == "link" and values.get("rel") in ("canonical", "alternate")):
                self.links.append(values[name])


def file_for(site: Path, url: str) -> Path | None:
    """The file a static host serves for a URL under the site, as GitHub Pages does."""
    path = unquote(urlparse(url).path)
    if not path.startswith(urlparse(ROOT_URL).path):
        return None
    target = site / path[len(urlparse(ROOT_URL).path) :]
    if target.is_dir() or path.endswith("/"):
        target = target / "index.html"
    return target


def crawl(site: Path):
    parsed: dict[str, _Page] = {}
    queue = [ROOT_URL]
    checked = 0
    broken: list[tuple[str, str]] = []
    anchors: list[tuple[str, str, str]] = []
    while queue:
        url = queue.pop()
        if url in parsed:
            continue
        page = _Page()
        page.feed(file_for(site, url).read_text(encoding="utf-8"))
        parsed[url] = page
        for link in page.links:
            absolute, fragment = urldefrag(urljoin(url, link))
            if not absolute.startswith(ROOT_URL):
                continue  # other hosts are the privacy test's business
            checked += 1
            target = file_for(site, absolute)
            if target is None or not target.is_file():
                broken.append((url, link))
                continue
            if target.suffix == ".html":
                if absolute not in parsed:
                    queue.append(absolute)
                if fragment:
                    anchors.append((url, absolute, fragment))
    for source, target, fragment in anchors:
        if fragment not in parsed[target].ids:
            broken.append((source, f"{target}#{fragment}"))
    return parsed, checked, broken


def test_crawl_finds_no_broken_internal_link_or_anchor(bundled_site):
    pages, checked, broken = crawl(bundled_site)
    print(f"crawl: {len(pages)} pages, {checked} internal links checked, {len(broken)} broken")
    assert broken == []
    assert len(pages) > 39 * 2  # every paper page, and the listing pages, were reached
    assert checked > 1000


def test_the_crawler_notices_a_broken_link(bundled_site, tmp_path):
    import shutil

    site = tmp_path / "site"
    shutil.copytree(bundled_site, site)
    (site / "papers" / "2311.08526" / "index.html").unlink()
    _, _, broken = crawl(site)
    assert any("2311.08526" in link for _, link in broken)
