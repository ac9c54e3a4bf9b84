"""RSS 2.0 and Atom feeds of the news listings (Django's syndication framework).

Every listing has both: the national index (`<index URL>feed/`, `<index URL>feed/atom/`) and each
OhjaamoPage (its own news and the national news pushed to every Ohjaamo), in the page's language.
The listing's filters work on feeds too (`feed/?category=campaigns`). Items come from
news/queries.py, so a feed shows exactly what the listing shows: live, public, unexpired items.
"""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from news.queries import (
    FEED_SIZE,
    NewsFilters,
    national_news,
    ohjaamo_news,
    with_card_data,
)

FEED_TYPES = {"rss": Rss201rev2Feed, "atom": Atom1Feed}


class ListingFeed(Feed):
    """One listing page's feed. Instantiated per request (it holds the request)."""

    def __init__(self, page, kind):
        super().__init__()
        if kind not in FEED_TYPES:
            raise Http404
        self.page = page
        self.kind = kind
        self.feed_type = FEED_TYPES[kind]
        self.language = page.locale.language_code
        self.request = None

    def __call__(self, request, *args, **kwargs):
        self.request = request
        response = super().__call__(request, *args, **kwargs)
        response["Content-Language"] = self.page.locale.language_code
        return response

    def get_object(self, request, *args, **kwargs):
        return self.page

    def _is_national(self, obj):
        from news.models import NewsIndexPage

        return isinstance(obj, NewsIndexPage)

    def title(self, obj):
        if self._is_national(obj):
            return f"{obj.title} – {_('Ohjaamo')}"
        return _("News of %(ohjaamo)s") % {"ohjaamo": obj.title}

    def link(self, obj):
        return obj.get_full_url(self.request)

    def feed_url(self, obj):
        return self.request.build_absolute_uri(self.request.path)

    def description(self, obj):
        if self._is_national(obj):
            return obj.search_description or obj.intro or _("News of the Ohjaamo network")
        return _("News of %(ohjaamo)s and national news for every Ohjaamo") % {"ohjaamo": obj.title}

    def subtitle(self, obj):
        return self.description(obj)

    def author_name(self, obj):
        return _("Ohjaamo")

    def feed_copyright(self, obj):
        return None

    def items(self, obj):
        listing = national_news(obj.locale_id) if self._is_national(obj) else ohjaamo_news(obj)
        listing = NewsFilters.from_params(self.request.GET).apply(listing)
        return list(with_card_data(listing)[:FEED_SIZE])

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.lead

    def item_link(self, item):
        return item.get_full_url(self.request)

    def item_guid(self, item):
        return item.get_full_url(self.request)

    def item_pubdate(self, item):
        return item.news_date

    def item_updateddate(self, item):
        return item.last_published_at or item.news_date

    def item_categories(self, item):
        return [link.category.name for link in item.category_links.all()]

    def item_author_name(self, item):
        return item.ohjaamo.title if item.ohjaamo_id else _("Ohjaamo")


def listing_feed(request, page, kind):
    """The RSS (`kind="rss"`) or Atom (`kind="atom"`) feed of a listing page: a NewsIndexPage or
    an OhjaamoPage (their routes, news/routes.py, call this)."""
    return ListingFeed(page, kind)(request)
