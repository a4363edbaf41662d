"""Benchmark: the map page at 10,000 papers (issue 16).

    .venv/bin/python -m bench.map                 (writes bench/out/map.md)
    .venv/bin/python -m bench.map --size 1000 --no-browser

Builds a synthetic catalog (``bench.synth``) in full, as ``catalog build`` does, in a
child process, and prints:

- what the layout adds to the build: the ``derive.map`` stage, beside the whole build;
- the size of ``map/points.json``, raw and gzip;
- in Debian's Chromium (fresh context each time, the site served locally): the time
  from navigation to the map drawn (``canvas[data-drawn]``), median of ``--runs``;
  then the mean time of a frame while zooming and panning (30 wheel and 30 drag
  steps, each waited for to be painted);
- screenshots at desktop and phone width, light and dark, in ``test-artifacts/``.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import statistics
import tempfile
import threading
import time
from pathlib import Path

from bench.run import build_ours, write_project
from bench.synth import synthesise, write_csv

REPO = Path(__file__).resolve().parent.parent
OUTPUT = REPO / "bench" / "out" / "map.md"
ARTEFACTS = REPO / "test-artifacts"
PREFIX = "/paper-catalog/"
BUDGET = {"layout": 10.0, "gzip_kb": 300.0, "draw": 2.0}
VIEWPORTS = {"desktop": (1280, 900), "phone": (390, 844)}


class _Handler(http.server.SimpleHTTPRequestHandler):
    def translate_path(self, path: str) -> str:
        path = path.split("?", 1)[0]
        if path.startswith(PREFIX):
            path = "/" + path[len(PREFIX):]
        return super().translate_path(path)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class' name
        pass


FRAMES = """async (steps) => {
  const canvas = document.querySelector("canvas.catalog-map__canvas");
  const box = canvas.getBoundingClientRect();
  const frame = () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  const x = box.left + box.width / 2, y = box.top + box.height / 2;
  const drawn = [];
  const started = performance.now();
  for (let i = 0; i < steps; i++) {
    const deltaY = i < steps / 2 ? -120 : 120;
    canvas.dispatchEvent(new WheelEvent("wheel", {deltaY, clientX: x, clientY: y, bubbles: true, cancelable: true}));
    await frame();
    drawn.push(Number(canvas.dataset.drawMs));
  }
  const zoomed = (performance.now() - started) / steps;
  const begun = performance.now();
  const pointer = (type, dx) => canvas.dispatchEvent(
    new PointerEvent(type, {pointerId: 7, pointerType: "mouse", clientX: x + dx, clientY: y, bubbles: true}));
  pointer("pointerdown", 0);
  for (let i = 1; i <= steps; i++) {
    pointer("pointermove", i * 5);
    await frame();
    drawn.push(Number(canvas.dataset.drawMs));
  }
  pointer("pointerup", steps * 5);
  const mean = drawn.reduce((a, b) => a + b, 0) / drawn.length;
  return [zoomed, (performance.now() - begun) / steps, mean, Math.max(...drawn)];
}"""


def browse(site: Path, runs: int) -> dict:
    import sys

    sys.path.insert(0, str(REPO / "tests"))
    from browser import CHROMIUM_ARGS, chromium_path
    from playwright.sync_api import sync_playwright

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}{PREFIX}"
    found: dict = {"draw": [], "shots": []}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True)
            for _ in range(runs):
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                page = context.new_page()
                started = time.perf_counter()
                page.goto(base + "map/")
                page.wait_for_selector("canvas[data-drawn]", timeout=30_000)
                found["draw"].append(time.perf_counter() - started)
                context.close()
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            page.goto(base + "map/")
            page.wait_for_selector("canvas[data-drawn]")
            found["zoom_ms"], found["pan_ms"], found["draw_ms"], found["draw_max_ms"] = page.evaluate(FRAMES, 30)
            context.close()
            ARTEFACTS.mkdir(exist_ok=True)
            for name, (width, height) in VIEWPORTS.items():
                for scheme in ("light", "dark"):
                    context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
                    page = context.new_page()
                    page.goto(base + "map/")
                    page.wait_for_selector("canvas[data-drawn]")
                    page.wait_for_timeout(300)
                    shot = ARTEFACTS / f"map-{name}-{scheme}-{site.parent.name}.png"
                    page.screenshot(path=str(shot))
                    found["shots"].append(shot.name)
                    context.close()
            browser.close()
    finally:
        server.shutdown()
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.map", description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=10_000, help="papers in the synthetic catalog (default: 10000)")
    parser.add_argument("--runs", type=int, default=3, help="fresh page loads (default: 3)")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium timings and screenshots")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)

    lines = [f"# The map at {args.size:,} papers", ""]
    with tempfile.TemporaryDirectory(prefix="bench-map-") as folder:
        root = Path(folder) / f"n{args.size}"
        root.mkdir()
        catalog = write_csv(synthesise(args.size), root / "papers.csv")
        config = write_project(root, catalog)
        run, result = build_ours(root, config)
        timings = result["timings"]
        site = root / "site"
        points = (site / "map" / "points.json").read_bytes()
        packed = len(gzip.compress(points, 9))
        layout = timings.get("derive.map", float("nan"))
        total = run.wall
        lines += [
            f"- layout (derive.map): {layout:.2f} s of a {total:.1f} s build ({layout / total:.0%});"
            f" budget {BUDGET['layout']:.0f} s",
            f"- map/points.json: {len(points) / 1000:.0f} kB, {packed / 1000:.0f} kB gzip;"
            f" budget {BUDGET['gzip_kb']:.0f} kB gzip",
        ]
        if not args.no_browser:
            seen = browse(site, args.runs)
            draw = statistics.median(seen["draw"])
            lines += [
                f"- page opened and map drawn: {draw:.2f} s (median of {args.runs}:"
                f" {', '.join(f'{t:.2f}' for t in seen['draw'])}); budget {BUDGET['draw']:.0f} s",
                f"- zooming and panning: {seen['zoom_ms']:.1f} and {seen['pan_ms']:.1f} ms a step (each step waits for"
                f" two frames, 33 ms at 60 Hz); drawing the map: {seen['draw_ms']:.1f} ms a frame on average,"
                f" {seen['draw_max_ms']:.1f} ms at most",
                f"- screenshots: {', '.join(seen['shots'])} (test-artifacts/)",
            ]
    text = "\n".join(lines) + "\n"
    print(text, end="")
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
