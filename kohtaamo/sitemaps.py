from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Locale, Page

from kohtaamo.visibility import visible


class AllLanguagesSitemap(Sitemap):
    """Every live, public page of every language tree of the site, each with its language
    alternates (xhtml:link hreflang) so search engines pair the translations. A page past its
    `expire_at` (or before its `go_live_at`) is left out at once (kohtaamo.visibility)."""

    def items(self):
        site = self.get_wagtail_site()
        pages = Page.objects.none()
        for root in Page.objects.filter(translation_key=site.root_page.translation_key):
            pages |= Page.objects.descendant_of(root, inclusive=True)
        return visible(pages).order_by("path").defer_streamfields().specific()

    def _urls(self, page, protocol, domain):
        languages = dict(Locale.objects.values_list("id", "language_code"))
        urls, groups = [], {}
        for item in self.paginator.page(page).object_list:
            # A page with routes of its own (the finder's municipality pages) gives several
            # URLs, in the same order in every language: the n-th of each pair up.
            for index, info in enumerate(item.get_sitemap_urls(self.request)):
                urls.append(info)
                groups.setdefault((item.translation_key, index), []).append(
                    (languages.get(item.locale_id), info)
                )
        for group in groups.values():
            if len(group) > 1:
                alternates = [
                    {"lang_code": code, "location": info["location"]} for code, info in group
                ]
                for _code, info in group:
                    info["alternates"] = alternates
        last_mods = {info.get("lastmod") for info in urls}
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls
