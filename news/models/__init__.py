from .news import (
    NewsContact,
    NewsIndexPage,
    NewsPage,
    NewsPageCategory,
    NewsPageTag,
)
from .publications import (
    PUBLICATION_LANGUAGES,
    PublicationAuthor,
    PublicationIndexPage,
    PublicationLanguage,
    PublicationPage,
)
from .taxonomy import NewsCategory, NewsTag

__all__ = [
    "PUBLICATION_LANGUAGES",
    "NewsCategory",
    "NewsContact",
    "NewsIndexPage",
    "NewsPage",
    "NewsPageCategory",
    "NewsPageTag",
    "NewsTag",
    "PublicationAuthor",
    "PublicationIndexPage",
    "PublicationLanguage",
    "PublicationPage",
]
