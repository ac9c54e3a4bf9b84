"""Language analysis shared by the search layer and the finder: words → base forms.

Finnish words are lemmatised with Voikko (`pyvoikko`: its own dictionary, no system library):
"ohjaamossa" → "ohjaamo", "nuorille" → "nuori" (and "nuora": every reading is kept),
"helsingissä" → "helsinki". A compound also yields its parts ("työnhakuun" → "työnhaku", "työ",
"haku") when indexing, so "haku" finds "työnhaku". A word the dictionary does not know (a name,
a typo, a new coinage) falls back to the Snowball stemmer. Swedish and English words get their
Snowball stems.

Both search engines index and query these base forms, so they see the same words. The ground
floor holds this module because the finder (locations/) reads inflected place names with it too.
"""

import functools
import re
import unicodedata

import snowballstemmer

LANGUAGES = ("fi", "sv", "en")
SNOWBALL = {"fi": "finnish", "sv": "swedish", "en": "english"}

# Letters and digits; underscores and everything else separate words.
WORD_RE = re.compile(r"[^\W_]+")
MAX_WORD_LENGTH = 60

# Words too common to narrow a search: dropped from queries (unless nothing else is left).
STOP_WORDS = {
    "fi": {
        "ja",
        "tai",
        "on",
        "ei",
        "se",
        "ne",
        "että",
        "kun",
        "jos",
        "niin",
        "kuin",
        "myös",
        "sekä",
        "mutta",
        "vaan",
        "eli",
        "joka",
        "jotka",
        "mikä",
        "mitä",
        "olla",
        "oli",
        "ovat",
        "ole",
        "voi",
        "voit",
        "sinä",
        "minä",
        "me",
        "te",
        "he",
        "hän",
        "tämä",
        "tuo",
        "nämä",
        "nuo",
        "siitä",
        "sen",
        "sitä",
    },
    "sv": {
        "och",
        "i",
        "att",
        "det",
        "som",
        "en",
        "ett",
        "är",
        "på",
        "av",
        "för",
        "med",
        "till",
        "den",
        "har",
        "de",
        "inte",
        "om",
        "var",
        "sig",
        "men",
        "så",
        "kan",
        "du",
        "jag",
        "vi",
        "ni",
        "han",
        "hon",
        "eller",
        "från",
        "vid",
    },
    "en": {
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "but",
        "by",
        "for",
        "from",
        "has",
        "have",
        "in",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "that",
        "the",
        "this",
        "to",
        "was",
        "were",
        "will",
        "with",
        "you",
        "your",
    },
}

# Word classes Voikko gives place names.
PLACE_CLASS = "paikannimi"


def words(text):
    """The words of `text`, lower case, in order ("Ohjaamo-talo, 2. krs" → ohjaamo talo 2 krs)."""
    return [w for w in WORD_RE.findall((text or "").lower()) if len(w) <= MAX_WORD_LENGTH]


def fold(text):
    """Lower case with accents removed except the Nordic letters (å ä ö stay): for matching
    names typed without their accents ("jyvaskyla" still differs from nothing it should match)."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@functools.cache
def _stemmer(language):
    return snowballstemmer.stemmer(SNOWBALL[language])


@functools.cache
def _analyse():
    """Voikko's analyser, imported on first use: its dictionary takes about 250 MB and 2.5 s to
    load, which a management command or a worker that never reads Finnish words need not pay.
    Production loads it once before forking its workers (gunicorn.conf.py: `when_ready`)."""
    import pyvoikko

    return pyvoikko.analyse


def warm_up():
    """Load the Finnish dictionary now (see `_analyse`)."""
    _analyse()("ohjaamossa")


@functools.lru_cache(maxsize=200_000)
def _voikko(word):
    """(base forms, compound parts, is a place name) of a lower-case Finnish word; empty base
    forms when the dictionary does not know it."""
    try:
        analyses = _analyse()(word)
    except Exception:  # noqa: BLE001 - the analyser must never break a search
        analyses = []
    bases, parts, place = [], [], False
    for analysis in analyses:
        # Voikko marks the seam of some compounds in the base form ("rova=niemi",
        # "seinä=joki"); the word itself is written without it.
        base = (analysis.BASEFORM or "").lower().replace("=", "")
        if base and base not in bases:
            bases.append(base)
        if analysis.CLASS == PLACE_CLASS:
            place = True
        for part in analysis.COMPOUND_PARTS or ():
            part_base = (part.BASEFORM or "").lower().replace("=", "")
            if len(part_base) > 2 and part_base not in parts and part_base not in bases:
                parts.append(part_base)
    return tuple(bases), tuple(p for p in parts if p not in bases), place


@functools.lru_cache(maxsize=200_000)
def word_forms(word, language):
    """The base forms a lower-case word stands for in `language` (at least one)."""
    if word.isdigit():
        return (word,)
    if language == "fi":
        bases, _parts, _place = _voikko(word)
        if bases:
            return bases
    if language in SNOWBALL:
        return (_stemmer(language).stemWord(word),)
    return (word,)


def index_terms(text, language):
    """Every base form of every word of `text`, with compound parts, in order: what a document
    is indexed under."""
    terms = []
    for word in words(text):
        terms.extend(word_forms(word, language))
        if language == "fi" and not word.isdigit():
            terms.extend(_voikko(word)[1])
    return terms


# Swedish definite endings the Snowball stemmer keeps ("varumärket", "navigatorn"): a query word
# with one also looks for the stem of the word without it.
SWEDISH_DEFINITE = ("et", "en", "n")


def query_forms(word, language):
    """The base forms a query word is looked up by: its own, plus for Swedish the stem without
    a definite ending."""
    forms = list(word_forms(word, language))
    if language == "sv" and not word.isdigit():
        for ending in SWEDISH_DEFINITE:
            if word.endswith(ending) and len(word) - len(ending) >= 4:
                stem = _stemmer("sv").stemWord(word[: -len(ending)])
                if stem not in forms:
                    forms.append(stem)
                break
    return tuple(forms)


def query_groups(text, language, limit=12):
    """A query as groups of alternatives, one group per word: a document matches a group when it
    holds any of its base forms. Stop words are dropped unless the query has nothing else."""
    all_words = words(text)
    meaningful = [w for w in all_words if w not in STOP_WORDS.get(language, ())] or all_words
    groups = []
    for word in meaningful:
        group = query_forms(word, language)
        if group not in groups:
            groups.append(group)
    return groups[:limit]


def is_known_word(word, language):
    """Whether the dictionary knows the word (Finnish only; other languages: always)."""
    if language != "fi" or word.isdigit():
        return True
    return bool(_voikko(word.lower())[0])


def place_name_candidates(text):
    """Base forms a Finnish place name in an inflected form may stand for, most likely first:
    "Helsingissä" → ["helsinki"], "Tampereella" → ["tampere"], "Nokialla" → ["nokia"].
    Words the dictionary reads as place names come first, then other readings, then the text
    itself as typed."""
    places, others = [], []
    for word in words(text):
        bases, _parts, place = _voikko(word)
        (places if place else others).extend(b for b in bases if b not in places + others)
    text_words = " ".join(words(text))
    candidates = places + others
    # A multi-word name ("Pedersören kunta") is tried as a whole with its last word lemmatised.
    parts = words(text)
    if len(parts) > 1:
        last = _voikko(parts[-1])[0]
        for base in last:
            candidates.append(" ".join([*parts[:-1], base]))
    return [c for c in dict.fromkeys(candidates) if c != text_words]
