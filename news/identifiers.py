"""Persistent identifiers of publications: ISBN, ISSN, URN (NBN), handle and DOI.

Each `clean_*` function takes what an editor typed, returns the identifier in its canonical form and
raises `ValidationError` naming the bad value and the identifier when it is not valid. Check digits
are verified with python-stdnum (ISBN-10, ISBN-13, ISSN); URN, handle and DOI have no check digit
and are checked for their syntax.
"""

import re
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import isbn as stdnum_isbn
from stdnum import issn as stdnum_issn
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidLength

HANDLE_RESOLVER = "https://hdl.handle.net/"
DOI_RESOLVER = "https://doi.org/"
URN_RESOLVER = "https://urn.fi/"

# URN:NBN:fi:<sub-namespace>-<id> (e.g. URN:NBN:fi:jyu-202105…) or the National Library's
# URN:NBN:fi-fe<id>: RFC 8458 allows both separators after the country code.
URN_RE = re.compile(r"^urn:nbn:fi([:-])([a-z0-9][a-z0-9.\-]*[a-z0-9])$", re.IGNORECASE)
# DOI: "10." + registrant code, "/", a suffix of printable characters.
DOI_RE = re.compile(r"^10\.\d{4,9}(?:\.\d+)*/\S+$")
DOI_PREFIXES = ("https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/")
# A handle: numeric prefix (with optional dot-separated parts) / local name.
HANDLE_RE = re.compile(r"^(\d+(?:\.\d+)*)/([^\s/?#][^\s?#]*)$")


def _error(message, value, code):
    return ValidationError(message, code=code, params={"value": value})


def clean_isbn(value):
    """ISBN-10 or ISBN-13 with a valid check digit, returned hyphenated (ISBN-13 stays 13, ISBN-10
    stays 10: the printed form is what readers search for)."""
    value = (value or "").strip()
    if not value:
        return ""
    raw = re.sub(r"^isbn(?:-1[03])?:?\s*", "", value, flags=re.IGNORECASE)
    try:
        compact = stdnum_isbn.validate(raw)
    except InvalidChecksum:
        raise _error(
            _("“%(value)s” is not a valid ISBN: the check digit does not match."),
            value,
            "isbn_checksum",
        ) from None
    except InvalidLength:
        raise _error(
            _("“%(value)s” is not a valid ISBN: an ISBN has 10 or 13 digits."),
            value,
            "isbn_length",
        ) from None
    except (InvalidComponent, ValueError):
        raise _error(
            _("“%(value)s” is not a valid ISBN."),
            value,
            "isbn_invalid",
        ) from None
    return stdnum_isbn.format(compact)


def clean_issn(value):
    """ISSN (eight characters, the last a check digit 0–9 or X), returned as NNNN-NNNC."""
    value = (value or "").strip()
    if not value:
        return ""
    raw = re.sub(r"^issn(?:-l)?:?\s*", "", value, flags=re.IGNORECASE)
    try:
        compact = stdnum_issn.validate(raw)
    except InvalidChecksum:
        raise _error(
            _("“%(value)s” is not a valid ISSN: the check digit does not match."),
            value,
            "issn_checksum",
        ) from None
    except (InvalidLength, InvalidComponent, ValueError):
        raise _error(
            _("“%(value)s” is not a valid ISSN: an ISSN has eight characters, e.g. 1234-5679."),
            value,
            "issn_invalid",
        ) from None
    return stdnum_issn.format(compact)


def clean_urn(value):
    """A Finnish National Bibliography Number URN, returned with the prefix as `URN:NBN:fi`."""
    value = (value or "").strip()
    if not value:
        return ""
    raw = value
    for prefix in ("https://urn.fi/", "http://urn.fi/"):
        if raw.lower().startswith(prefix):
            raw = raw[len(prefix) :]
    match = URN_RE.match(raw)
    if not match:
        raise _error(
            _(
                "“%(value)s” is not a valid URN: a Finnish URN begins with URN:NBN:fi: or "
                "URN:NBN:fi- followed by its identifier."
            ),
            value,
            "urn_invalid",
        )
    separator, rest = match.groups()
    return f"URN:NBN:fi{separator}{rest}"


def clean_doi(value):
    """A DOI, given bare (10.xxxx/…), with `doi:` or as a doi.org link; returned bare."""
    value = (value or "").strip()
    if not value:
        return ""
    raw = value
    lowered = raw.lower()
    if lowered.startswith("doi:"):
        raw = raw[4:].strip()
    else:
        for prefix in DOI_PREFIXES:
            if lowered.startswith(prefix):
                raw = raw[len(prefix) :]
                break
    if not DOI_RE.match(raw):
        raise _error(
            _("“%(value)s” is not a valid DOI: a DOI looks like 10.1234/abc-567."),
            value,
            "doi_invalid",
        )
    return raw


def handle_of(url):
    """The handle (prefix/suffix) in a handle URL: a hdl.handle.net link or a repository's
    /handle/<prefix>/<suffix> page (DSpace, e.g. Doria). None when there is none."""
    parts = urlsplit(url or "")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    path = parts.path.strip("/")
    if parts.hostname.lower() == "hdl.handle.net":
        candidate = path
    elif "/handle/" in f"/{path}":
        candidate = f"/{path}".split("/handle/", 1)[1]
    else:
        return None
    match = HANDLE_RE.match(candidate.rstrip("/"))
    return f"{match.group(1)}/{match.group(2)}" if match else None


def clean_handle_url(value):
    """An https handle address; returned unchanged (the repository page is what editors give)."""
    value = (value or "").strip()
    if not value:
        return ""
    if handle_of(value) is None:
        raise _error(
            _(
                "“%(value)s” is not a handle address: give a link such as "
                "https://hdl.handle.net/10024/123456 or a repository's …/handle/10024/123456 page."
            ),
            value,
            "handle_invalid",
        )
    return value


def doi_url(doi):
    return f"{DOI_RESOLVER}{doi}" if doi else ""


def handle_resolver_url(url):
    handle = handle_of(url)
    return f"{HANDLE_RESOLVER}{handle}" if handle else ""


def urn_url(urn):
    return f"{URN_RESOLVER}{urn}" if urn else ""
