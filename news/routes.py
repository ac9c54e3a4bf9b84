"""The news feeds of a page that lists news: RSS at `feed/`, Atom at `feed/atom/` below the page.
NewsIndexPage (national news) and OhjaamoPage (an Ohjaamo's own news and the national news shown
on every Ohjaamo page) mix it in; news/feeds.py builds the feed of the page it is called for."""

from wagtail.contrib.routable_page.models import RoutablePageMixin, path


class NewsFeedsMixin(RoutablePageMixin):
    @path("feed/", name="rss_feed")
    def rss_feed(self, request):
        from news.feeds import listing_feed

        return listing_feed(request, self, "rss")

    @path("feed/atom/", name="atom_feed")
    def atom_feed(self, request):
        from news.feeds import listing_feed

        return listing_feed(request, self, "atom")
