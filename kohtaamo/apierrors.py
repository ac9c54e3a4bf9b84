"""The public API's error answer, shared by every router (ground floor: the routers of locations/,
news/ and search/ import it; kohtaamo/api.py installs the handlers that produce it).

Every error the API gives is a 4xx (or, if the code fails, a 500) with a JSON body
`{"detail": "…"}` in the request's language: `lang` when it is one of the site's languages,
otherwise the browser's Accept-Language, otherwise Finnish.
"""

from django.conf import settings
from django.utils import translation
from ninja import Field, Schema

# Ids are 64-bit in PostgreSQL (and SQLite); a larger number cannot name anything.
MAX_ID = 2**63 - 1


class ErrorOut(Schema):
    detail: str = Field(description="What was wrong, in the request's language")


def api_language(request):
    """The language of an API answer (its content and its error messages)."""
    codes = {code for code, _name in settings.LANGUAGES}
    lang = request.GET.get("lang", "")
    if isinstance(lang, str) and lang.strip().lower() in codes:
        return lang.strip().lower()
    # Not request.LANGUAGE_CODE: LocaleMiddleware gives every path without a language prefix
    # (all of /api/) the default language.
    preferred = translation.get_language_from_request(request)
    return preferred if preferred in codes else settings.LANGUAGE_CODE
