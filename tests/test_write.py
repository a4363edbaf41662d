"""Writing the generated tree: only changed files, stale pages removed, never outside."""

import pytest

from generator.site.write import UnsafePath, write_tree


def test_second_write_of_the_same_pages_touches_nothing(tmp_path):
    pages = {"index.md": "home", "papers/2311.08526.md": "paper"}
    assert write_tree(tmp_path, pages).written == 2
    before = (tmp_path / "papers" / "2311.08526.md").stat().st_mtime_ns
    stats = write_tree(tmp_path, pages)
    assert (stats.written, stats.unchanged, stats.removed) == (0, 2, 0)
    assert (tmp_path / "papers" / "2311.08526.md").stat().st_mtime_ns == before


def test_one_changed_page_rewrites_one_file(tmp_path):
    write_tree(tmp_path, {"a.md": "1", "b.md": "2"})
    stats = write_tree(tmp_path, {"a.md": "1", "b.md": "changed"})
    assert (stats.written, stats.unchanged) == (1, 1)
    assert (tmp_path / "b.md").read_text() == "changed"


def test_a_paper_removed_from_the_catalog_loses_its_page(tmp_path):
    write_tree(tmp_path, {"index.md": "x", "papers/hep-th/9901001.md": "old"})
    stats = write_tree(tmp_path, {"index.md": "x"})
    assert stats.removed == 1
    assert not (tmp_path / "papers").exists()


def test_dotfiles_in_the_output_folder_are_kept(tmp_path):
    (tmp_path / ".gitignore").write_text("*\n")
    write_tree(tmp_path, {"index.md": "x"})
    assert (tmp_path / ".gitignore").read_text() == "*\n"


@pytest.mark.parametrize("path", ["../escape.md", "/etc/passwd", "papers/../../x.md", ".hidden.md", ""])
def test_paths_outside_the_output_folder_are_refused(tmp_path, path):
    out = tmp_path / "out"
    with pytest.raises(UnsafePath):
        write_tree(out, {path: "x"})
    assert not (tmp_path / "escape.md").exists()


def test_no_temporary_files_are_left_behind(tmp_path):
    write_tree(tmp_path, {"a.md": "1", "sub/b.md": "2"})
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == ["a.md", "b.md"]


def test_a_crash_mid_write_leaves_the_last_good_file(tmp_path, monkeypatch):
    write_tree(tmp_path, {"a.md": "good"})

    def crash(source, target):
        raise OSError("disk full")

    monkeypatch.setattr("generator.site.write.os.replace", crash)
    with pytest.raises(OSError):
        write_tree(tmp_path, {"a.md": "half-written new content"})
    assert (tmp_path / "a.md").read_text() == "good"
    assert [p.name for p in tmp_path.iterdir()] == ["a.md"]  # no temporary file left behind


def test_files_written_into_the_built_site_stay_inside_it(tmp_path):
    from generator.site.write import write_files

    assert write_files(tmp_path, {"papers/a/index.html": "<p>a</p>", "x.svg": b"<svg/>"}) == 2
    assert (tmp_path / "papers" / "a" / "index.html").read_text(encoding="utf-8") == "<p>a</p>"
    with pytest.raises(UnsafePath):
        write_files(tmp_path, {"../escape.html": "x"})


def test_a_file_left_as_it_was_is_moved_back_from_the_last_build(tmp_path):
    from generator.site.write import set_aside, write_files

    site = tmp_path / "site"
    write_files(site, {"papers/a/index.html": "same", "papers/b/index.html": "old", "gone.html": "x"})
    (site / ".git").mkdir()
    inode = (site / "papers" / "a" / "index.html").stat().st_ino
    previous = set_aside(site)
    assert sorted(p.name for p in site.iterdir()) == [".catalog-previous", ".git"]
    write_files(site, {"papers/a/index.html": "same", "papers/b/index.html": "new"}, previous)
    assert (site / "papers" / "a" / "index.html").stat().st_ino == inode  # moved, not written
    assert (site / "papers" / "b" / "index.html").read_text(encoding="utf-8") == "new"
    assert not (previous / "papers" / "a" / "index.html").exists()
    assert (previous / "gone.html").exists()  # left for drop_previous


def test_a_link_in_the_last_build_is_never_taken_over(tmp_path):
    from generator.site.write import set_aside, write_files

    outside = tmp_path / "outside.html"
    outside.write_text("same", encoding="utf-8")
    site = tmp_path / "site"
    (site / "papers").mkdir(parents=True)
    (site / "papers" / "index.html").symlink_to(outside)
    (site / "linked").symlink_to(tmp_path, target_is_directory=True)
    previous = set_aside(site)
    write_files(site, {"papers/index.html": "same", "linked/outside.html": "same"}, previous)
    assert outside.read_text(encoding="utf-8") == "same"  # still there: written anew, not moved
    assert not (site / "papers" / "index.html").is_symlink()
    assert not (site / "linked").is_symlink()
