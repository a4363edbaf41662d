"""Every page of the built site is valid HTML: the Nu HTML Checker (vnu, from the npm
lock) reports no error on any of them, the /abs/ redirect pages and 404.html included."""

import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

import pytest

VNU = Path(__file__).resolve().parent.parent / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def html_errors(site: Path) -> list[str]:
    """One vnu run (a JVM start costs seconds) over every HTML file of the site:
    its errors as `page:line: message`."""
    java = shutil.which("java")
    if not java:
        pytest.fail("the HTML check needs Java 17 or newer: apt-get install default-jre-headless")
    assert VNU.is_file(), "vnu.jar is installed by `make` (npm ci)"
    pages = sorted(site.rglob("*.html"))
    command = [java, "-jar", str(VNU), "--errors-only", "--format", "json", "--stdout", *map(str, pages)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603 - our own files
    assert result.returncode in (0, 1) and result.stdout.startswith("{"), result.stderr
    errors = []
    for message in json.loads(result.stdout)["messages"]:
        page = url2pathname(urlparse(message.get("url", "")).path)
        page = Path(page).relative_to(site) if page.startswith(f"{site}/") else page
        errors.append(f"{page}:{message.get('lastLine', '?')}: {message['message']}")
    return errors


def test_every_page_of_the_bundled_site_is_valid_html(bundled_site):
    # The pages MkDocs does not render are checked too.
    assert len(list(bundled_site.glob("abs/*/index.html"))) >= 39 and (bundled_site / "404.html").is_file()
    errors = html_errors(bundled_site)
    assert not errors, f"{len(errors)} HTML errors:\n" + "\n".join(errors)


def test_the_theme_copy_differs_from_materials_own_only_by_the_toggles():
    """templates/theme/base.html is a copy of Material's: after an upgrade of Material it
    must be copied again, or the site would mix two versions of the theme's markup."""
    import material

    ours = (Path(__file__).resolve().parent.parent / "templates" / "theme" / "base.html").read_text(encoding="utf-8")
    theirs = (Path(material.__file__).parent / "templates" / "base.html").read_text(encoding="utf-8")
    ours = ours.split("-#}", 1)[1]  # our comment, in place of Material's "generated" notice
    theirs = theirs.split("-#}", 1)[1].replace(' autocomplete="off">', ">")
    assert ours == theirs
