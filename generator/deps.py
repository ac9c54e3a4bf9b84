"""What each exported file was built from, and what a change touches.

A file's dependencies are string keys:

- recorded while it renders: every page, image and document instance the render loads
  (``page:<id>``, ``image:<id>``, ``document:<id>``, ``point:<id>`` of a service point), caught
  with Django's ``post_init`` signal, so
  a listing depends on exactly the items it showed, a page on its ancestors (breadcrumbs) and on
  its translations (language switcher);
- declared by the kind of file, for what a render cannot show before it exists: the set of items a
  listing is drawn from (``news:national:<locale>``, ``news:ohjaamo:<page>``,
  ``news:on-ohjaamo:<locale>``, ``publications:<locale>``, ``ohjaamo:<locale>``,
  ``children:<page>``), the site chrome (``chrome``), the brand (``brand``), every page
  (``pages``: sitemap), the brand asset bank (``brand-assets``), the redirects (``redirects``),
  the points a municipality page shows (``places:<locale>:<municipality code>``, computed by
  places.py when the location data changed), and the calendar day (``day``) for files that show
  what holds from today: the week's hours, coming exceptions and holidays, pop-up dates, brand
  assets by their publish date, and the gazetteer (``gazetteer``: municipalities, their names and
  postal codes, changed by `load_gazetteer`).

`keys_for_page()` gives the keys a change of one page touches; the incremental build rebuilds every
file whose recorded keys meet them.

`capturing()` also installs the build's memo (kohtaamo.build_memo): a value asked for by many
files (the language alternates of the finder page, asked for by each of its municipality pages) is
computed once per build, and the keys its first computation recorded are recorded again for every
file that uses it. Outside a build nothing is memoised, so nothing leaks into the live site.
"""

import threading
from contextlib import contextmanager

from django.db.models.signals import post_init
from wagtail.documents.models import AbstractDocument
from wagtail.images.models import AbstractImage
from wagtail.models import Page

from kohtaamo import build_memo
from locations.models import OhjaamoPage, ServicePoint
from news.models import NewsPage, PublicationPage

CHROME = "chrome"
BRAND = "brand"
PAGES = "pages"
BRAND_ASSETS = "brand-assets"
REDIRECTS = "redirects"
NEWS_TERMS = "news-terms"
DAY = "day"
PLACES = "places"
GAZETTEER = "gazetteer"

_state = threading.local()


def _record(sender, instance, **kwargs):
    keys = getattr(_state, "keys", None)
    if keys is None or instance.pk is None:
        return
    if isinstance(instance, Page):
        keys.add(f"page:{instance.pk}")
    elif isinstance(instance, AbstractImage):
        keys.add(f"image:{instance.pk}")
    elif isinstance(instance, AbstractDocument):
        keys.add(f"document:{instance.pk}")
    elif isinstance(instance, ServicePoint):
        keys.add(f"point:{instance.pk}")


@contextmanager
def capturing():
    """Connect the recorder for the length of a build (not in the web process)."""
    post_init.connect(_record, dispatch_uid="generator_capture")
    try:
        with build_memo.active(_Memo()):
            yield
    finally:
        post_init.disconnect(dispatch_uid="generator_capture")
        _state.keys = None


class _Memo(dict):
    """The build's memo: `compute()` once per key, its recorded keys replayed on each use."""

    def __call__(self, key, compute):
        return remember(self, key, compute)


def remember(memo, key, compute):
    if key not in memo:
        recorded = set()
        with recording(recorded):
            value = compute()
        memo[key] = (value, frozenset(recorded))
    value, recorded = memo[key]
    keys = getattr(_state, "keys", None)
    if keys is not None:
        keys.update(recorded)
    return value


@contextmanager
def recording(keys):
    """Add to `keys` what the code inside loads."""
    previous = getattr(_state, "keys", None)
    _state.keys = keys
    try:
        yield keys
    finally:
        _state.keys = previous


def declared_for_page(page):
    """The listing sets a page's own file (and its feeds) is drawn from."""
    keys = {CHROME, BRAND, f"page:{page.pk}", f"children:{page.pk}"}
    locale = page.locale_id
    kind = type(page).__name__
    if kind == "HomePage":
        keys |= {f"news:national:{locale}", f"publications:{locale}"}
    elif kind == "NewsIndexPage":
        keys.add(f"news:national:{locale}")
    elif isinstance(page, OhjaamoPage):
        keys |= {f"news:ohjaamo:{page.pk}", f"news:on-ohjaamo:{locale}", DAY}
    elif kind == "FinderPage":
        keys |= {f"ohjaamo:{locale}", DAY}
    elif kind == "PublicationIndexPage":
        keys.add(f"publications:{locale}")
    elif kind == "BrandPage":
        keys |= {BRAND_ASSETS, DAY}
    return keys


def places_key(locale_id, code):
    """The key of the points a municipality page shows (generator/places.py adds it to a
    rebuild when they change)."""
    return f"{PLACES}:{locale_id}:{code}"


def declared_for_municipality(finder_page, code):
    """A municipality page (or, with `code` None, their list) under `finder_page`: the chrome,
    the finder page (title, breadcrumbs, language versions) and the points it shows, not the
    language's whole Ohjaamo set. What it shows of each Ohjaamo is recorded while it renders
    (``page:<id>``, ``point:<id>``); which points it shows changes only with the location data,
    and places.py turns such a change into ``places:<locale>:<code>`` keys."""
    keys = {CHROME, BRAND, GAZETTEER, f"page:{finder_page.pk}"}
    if code is not None:
        keys.add(places_key(finder_page.locale_id, code))
    return keys


def keys_for_page(page, descendants=False):
    """The keys a publish, unpublish, delete or move of `page` (a specific page) touches."""
    keys = {f"page:{page.pk}", PAGES}
    parent_path = page.path[: -page.steplen] if page.depth > 1 else ""
    if parent_path:
        parent_id = Page.objects.filter(path=parent_path).values_list("pk", flat=True).first()
        if parent_id:
            keys.add(f"children:{parent_id}")
    if page.depth <= 3:  # a language's home page and its sections make the menu
        keys.add(CHROME)
    locale = page.locale_id
    if isinstance(page, NewsPage):
        if page.ohjaamo_id:
            keys.add(f"news:ohjaamo:{page.ohjaamo_id}")
        if not page.ohjaamo_id or page.accepted_nationally:
            keys.add(f"news:national:{locale}")
        if not page.ohjaamo_id and page.show_on_ohjaamo_pages:
            keys.add(f"news:on-ohjaamo:{locale}")
    elif isinstance(page, PublicationPage):
        keys.add(f"publications:{locale}")
    elif isinstance(page, OhjaamoPage):
        keys.add(f"ohjaamo:{locale}")
    if descendants:
        for pk in Page.objects.descendant_of(page).values_list("pk", flat=True):
            keys.add(f"page:{pk}")
    return keys
