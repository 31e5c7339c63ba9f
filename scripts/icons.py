#!/usr/bin/env python
"""Draw the app's PNG icons from static/icons/icon.svg with Debian's Chromium (the phone's home screen).

Usage: .venv/bin/python scripts/icons.py — writes icon-192.png, icon-512.png and
icon-maskable-512.png (the drawing inside the 80 % safe zone on the brand green, for launchers
that cut icons into circles). The PNGs are committed; run this again only when the SVG changes.
"""
import shutil
from pathlib import Path

from playwright.sync_api import sync_playwright

ICONS = Path(__file__).resolve().parent.parent / "static" / "icons"
GREEN = "#198754"


def page_html(svg, size, maskable):
    inner = int(size * 0.8) if maskable else size
    drawing = svg.replace("<svg ", '<svg width="100%" height="100%" ')
    return (f"<html><body style='margin:0;width:{size}px;height:{size}px;display:flex;align-items:center;"
            f"justify-content:center;background:{GREEN if maskable else 'transparent'}'>"
            f"<div style='width:{inner}px;height:{inner}px'>{drawing}</div></body></html>")


def main():
    svg = (ICONS / "icon.svg").read_text()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        for name, size, maskable in (("icon-192.png", 192, False), ("icon-512.png", 512, False),
                                     ("icon-maskable-512.png", 512, True)):
            page = browser.new_page(viewport={"width": size, "height": size})
            page.set_content(page_html(svg, size, maskable))
            page.screenshot(path=str(ICONS / name), omit_background=not maskable)
            page.close()
            print(f"wrote {name}")
        browser.close()


if __name__ == "__main__":
    main()
