"""The export's link checker: every internal link of every page resolves to a file in the export.

Checked: `href`, `src` and `srcset` of every HTML file (so hreflang alternates, feed links,
stylesheets, scripts, images and document links), and absolute URLs on the site's own origin.
A path resolves when it is a file, or a directory with an index file (as nginx serves it).
Query strings are not files: the path part must resolve.
"""

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from wagtail.models import Site

ATTR_RE = re.compile(r"""\s(href|src|srcset)\s*=\s*"([^"]*)\"""")
INDEXES = (
    "index.html",
    "index.json",
    "index.rss",
    "index.atom",
    "index.xml",
    "index.bib",
    "index.ris",
    "index.pdf",
    "index.zip",
    "index.svg",
    "index.png",
    "index.txt",
    "index.bin",
)
# Paths the export does not hold on purpose: served by the application (admin, language switch
# endpoint) and nowhere linked from public pages anyway.
DYNAMIC_PREFIXES = ("/admin/", "/i18n/")


def own_origins():
    origins = set()
    for site in Site.objects.all():
        origins.add(site.root_url.rstrip("/"))
    return origins


def resolves(root, path):
    rel = unquote(path).lstrip("/")
    if ".." in rel.split("/"):
        return False
    target = root / rel
    if target.is_file():
        return True
    if target.is_dir():
        return any((target / name).is_file() for name in INDEXES)
    return False


def links_of(html):
    for attr, value in ATTR_RE.findall(html):
        if attr == "srcset":
            for item in value.split(","):
                if item.strip():
                    yield item.strip().split(" ")[0]
        else:
            yield value


def check(root, origins=None):
    """A list of (file, link) pairs that do not resolve; empty when every link does."""
    root = Path(root)
    origins = own_origins() if origins is None else origins
    broken = []
    for page in sorted(root.rglob("*.html")):
        html = page.read_text(encoding="utf-8", errors="replace")
        for link in links_of(html):
            path = internal_path(link, origins)
            if path is None or path.startswith(DYNAMIC_PREFIXES):
                continue
            if not resolves(root, path):
                broken.append((str(page.relative_to(root)), link))
    return broken


def internal_path(link, origins):
    link = link.strip().replace("&amp;", "&")
    if not link or link.startswith(("#", "mailto:", "tel:", "javascript:", "data:")):
        return None
    parts = urlsplit(link)
    if parts.scheme or parts.netloc:
        origin = f"{parts.scheme}://{parts.netloc}" if parts.scheme else f"//{parts.netloc}"
        if origin not in origins:
            return None
    if not parts.path.startswith("/"):
        return None  # relative links: the site uses none
    return parts.path
