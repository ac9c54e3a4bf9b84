"""Admin and site hooks of the news app: category and tag snippets, the news permissions in the
group editor, the home page's latest news and every Ohjaamo page's news block."""

from django.contrib.auth.models import Permission
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from news.admin_views import PROMOTE_PERMISSION, ProposedNewsReportView
from news.models import NewsCategory, NewsTag


class NewsCategoryViewSet(SnippetViewSet):
    model = NewsCategory
    icon = "folder-open-inverse"
    menu_label = NewsCategory._meta.verbose_name_plural
    list_display = ["name", "code", "locale"]
    search_fields = ["name"]
    ordering = ["name"]


class NewsTagViewSet(SnippetViewSet):
    model = NewsTag
    icon = "tag"
    menu_label = NewsTag._meta.verbose_name_plural
    list_display = ["name", "code", "locale"]
    search_fields = ["name"]
    ordering = ["name"]


class NewsTaxonomyGroup(SnippetViewSetGroup):
    items = (NewsCategoryViewSet, NewsTagViewSet)
    menu_icon = "tag"
    menu_label = _("News categories and tags")
    menu_name = "news-taxonomy"
    menu_order = 310


register_snippet(NewsTaxonomyGroup)


@hooks.register("register_permissions")
def news_permissions():
    """Show the national team's news permissions in the group editor."""
    return Permission.objects.filter(
        content_type__app_label="news",
        codename__in=["promote_newspage", "push_newspage"],
    )


@hooks.register("register_admin_urls")
def news_report_urls():
    return [
        path(
            "reports/news-proposals/",
            ProposedNewsReportView.as_view(),
            name="news_proposals",
        ),
        path(
            "reports/news-proposals/results/",
            ProposedNewsReportView.as_view(results_only=True),
            name="news_proposals_results",
        ),
    ]


class NationalTeamMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(PROMOTE_PERMISSION)


@hooks.register("register_reports_menu_item")
def news_proposals_menu_item():
    return NationalTeamMenuItem(
        _("News proposals"),
        reverse("news_proposals"),
        name="news-proposals",
        icon_name="pick",
        order=650,
    )


@hooks.register("kohtaamo_home_page_sections")
def latest_news_on_home(page, request):
    from news.queries import home_latest_section

    return home_latest_section(page, request)


@hooks.register("kohtaamo_ohjaamo_page_sections")
def news_on_ohjaamo_page(page, request):
    from news.queries import ohjaamo_news_section

    return ohjaamo_news_section(page, request)
