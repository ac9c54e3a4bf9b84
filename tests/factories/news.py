"""Factories of the news app: news items, publications, categories and tags, plus the Ohjaamo pages
and users local news needs (until the finder and teams parts provide their own)."""

import datetime
import itertools

import factory
import wagtail_factories
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from wagtail.models import GroupPagePermission, Locale

from news.models import (
    NewsCategory,
    NewsIndexPage,
    NewsPage,
    NewsPageCategory,
    NewsPageTag,
    NewsTag,
    PublicationAuthor,
    PublicationIndexPage,
    PublicationLanguage,
    PublicationPage,
)

_sequence = itertools.count(1)


def locale(code="fi"):
    return Locale.objects.get(language_code=code)


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def news_index(lang="fi"):
    return NewsIndexPage.objects.get(locale__language_code=lang)


def publication_index(lang="fi"):
    return PublicationIndexPage.objects.get(locale__language_code=lang)


class NewsCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NewsCategory

    name = factory.Sequence(lambda n: f"Kategoria {n}")
    code = factory.Sequence(lambda n: f"kategoria-{n}")
    locale = factory.LazyFunction(lambda: locale("fi"))


class NewsTagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NewsTag

    name = factory.Sequence(lambda n: f"Avainsana {n}")
    code = factory.Sequence(lambda n: f"avainsana-{n}")
    locale = factory.LazyFunction(lambda: locale("fi"))


class NewsPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = NewsPage

    title = factory.Sequence(lambda n: f"Uutinen {n}")
    slug = factory.Sequence(lambda n: f"uutinen-{n}")
    lead = "Lyhyt ingressi uutisesta."


def make_news(parent, *, live=True, categories=(), tags=(), **fields):
    """A news item under `parent` (a NewsIndexPage or an OhjaamoPage), published unless
    `live=False`."""
    n = next(_sequence)
    fields.setdefault("title", f"Testiuutinen {n}")
    fields.setdefault("slug", f"testiuutinen-{n}")
    fields.setdefault("lead", "Lyhyt ingressi uutisesta.")
    page = NewsPage(live=live, **fields)
    page.category_links = [NewsPageCategory(category=c) for c in categories]
    page.tag_links = [NewsPageTag(tag=t) for t in tags]
    parent.add_child(instance=page)
    if live:
        publish(page)
    else:
        page.save_revision()
    return NewsPage.objects.get(pk=page.pk)


def make_publication(parent=None, *, live=True, authors=(), languages=("fi",), **fields):
    parent = parent or publication_index("fi")
    n = next(_sequence)
    fields.setdefault("title", f"Testijulkaisu {n}")
    fields.setdefault("slug", f"testijulkaisu-{n}")
    fields.setdefault("year", 2025)
    fields.setdefault("abstract", "Tiivistelmä julkaisusta.")
    fields.setdefault("publication_type", "report")
    page = PublicationPage(live=live, **fields)
    page.authors = [PublicationAuthor(**a) for a in authors]
    page.languages = [PublicationLanguage(language=code) for code in languages]
    parent.add_child(instance=page)
    if live:
        publish(page)
    else:
        page.save_revision()
    return PublicationPage.objects.get(pk=page.pk)


def finder_page(lang="fi"):
    """The finder page of a language tree (created when the seed has none yet)."""
    from kohtaamo.models import HomePage
    from locations.models import FinderPage

    existing = FinderPage.objects.filter(locale__language_code=lang).first()
    if existing is not None:
        return existing
    home = HomePage.objects.get(locale__language_code=lang)
    page = FinderPage(title="Ohjaamot", slug=f"ohjaamot-testi-{lang}")
    home.add_child(instance=page)
    return publish(page)


def ohjaamo_page(slug=None, title=None, translations=("sv", "en")):
    """A published OhjaamoPage in Finnish (with published translations in `translations`)."""
    from locations.models import OhjaamoPage

    n = next(_sequence)
    slug = slug or f"testi-ohjaamo-{n}"
    existing = OhjaamoPage.objects.filter(locale__language_code="fi", slug=slug).first()
    if existing is not None:
        return existing
    page = OhjaamoPage(
        title=title or f"Testi-Ohjaamo {n}",
        slug=slug,
        intro="Ohjaamo auttaa alle 30-vuotiaita.",
    )
    finder_page("fi").add_child(instance=page)
    publish(page)
    for code in translations:
        translated = page.copy_for_translation(locale(code), copy_parents=True)
        publish(translated)
        parent = translated.get_parent()
        if not parent.live:
            publish(parent.specific)
    return OhjaamoPage.objects.get(pk=page.pk)


def translation_of(page, code):
    """A published translation of `page` in `code` (Wagtail's copy_for_translation)."""
    translated = page.copy_for_translation(locale(code))
    return publish(translated.specific)


def user_with(username, permissions=(), pages=(), page_permissions=("add", "change", "publish")):
    """A user who may use the admin, with the given Django permissions (app_label.codename) and
    page permissions on the subtrees of `pages` (e.g. a local editor: one OhjaamoPage)."""
    user = get_user_model().objects.create_user(username=username, password="salasana-123")
    group = Group.objects.create(name=f"group of {username}")
    perms = [Permission.objects.get(codename="access_admin")]
    for dotted in permissions:
        app_label, codename = dotted.split(".")
        perms.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    group.permissions.add(*perms)
    for page in pages:
        for action in page_permissions:
            GroupPagePermission.objects.create(
                group=group,
                page=page,
                permission=Permission.objects.get(
                    content_type__app_label="wagtailcore", codename=f"{action}_page"
                ),
            )
    user.groups.add(group)
    return user


def days_from_now(days):
    return timezone.now() + datetime.timedelta(days=days)
