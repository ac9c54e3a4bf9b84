from .base import BasePage, language_alternates
from .feedback import AccessibilityFeedback
from .groups import NationalGroup
from .images import KohtaamoImage, KohtaamoRendition
from .pages import AccessibilityStatementPage, ContentPage, HomePage
from .settings import FooterSettings, NavigationItem, NavigationSettings, SocialLink

__all__ = [
    "AccessibilityFeedback",
    "AccessibilityStatementPage",
    "BasePage",
    "ContentPage",
    "FooterSettings",
    "HomePage",
    "KohtaamoImage",
    "KohtaamoRendition",
    "NationalGroup",
    "NavigationItem",
    "NavigationSettings",
    "SocialLink",
    "language_alternates",
]
