"""Inflected forms of municipality names, for the finder without a server.

The live finder reads an inflected place name with Voikko ("Tampereella" → Tampere:
kohtaamo/language.py), but the static export has no server to ask. So the export's gazetteer
(`municipalities.gazetteer_data`) carries, for each Finnish municipality name, the forms a visitor
types: genitive (Tampereen), inessive and elative (Tampereessa, Tampereesta), adessive, ablative
and allative (Tampereella, Tampereelta, Tampereelle) and illative (Tampereeseen).

Voikko only analyses; it does not generate. The forms are made by Finnish rules (the stem's final
vowel, consonant gradation, vowel harmony, the illative's three shapes) as a short list of
candidates, and a candidate is kept only when Voikko reads it back as that very place name in the
intended case: so gradation comes out right (Lahti → Lahdessa, Turku → Turussa, Helsinki →
Helsingissä, Seinäjoki → Seinäjoella) and no made-up form is shipped. The locative endings share
one stem: once the genitive and the inessive of a stem are confirmed, the other four endings of
that stem follow (their analysis is the same stem again; checking each would double the cost).

Swedish names of bilingual municipalities get the Swedish genitive (Vasas) and, when they end in
a vowel, the Finnish inessive and elative a Finnish speaker puts on them (Åbossa, Åbosta): Voikko
does not know Swedish names, so these follow from the rule alone.

Voikko takes a few milliseconds a word, so the forms of every name take it about 25 seconds: no
request may pay that. They are computed when the gazetteer enters the database (`load_gazetteer`,
the seed, and the migration that added the column) and stored with each municipality
(`Municipality.name_fi_forms`), where every application server and the static export read them.
A name without stored forms (a database loaded some other way) is computed on demand, with a
warning in the log, and stored. Computing keeps a machine-local memo in
``VAR_DIR/cache/place-forms.json`` (a new database on the same machine, as each test run makes,
need not ask Voikko again); nothing on the request path reads it.
"""

import functools
import json
import logging
import os
from pathlib import Path

from django.conf import settings

from kohtaamo.language import PLACE_CLASS, _analyse
from locations.models.gazetteer import normalize_name

logger = logging.getLogger(__name__)

BACK_VOWELS = set("aouå")
FRONT_VOWELS = set("äöy")
VOWELS = set("aeiouyäöå")
# Strong → weak grade of the consonants before a stem's last vowel, longest first.
GRADATION = (
    ("nk", "ng"),
    ("mp", "mm"),
    ("lt", "ll"),
    ("nt", "nn"),
    ("rt", "rr"),
    ("kk", "k"),
    ("pp", "p"),
    ("tt", "t"),
    ("lk", "l"),
    ("rk", "r"),
    ("hk", "h"),
    ("t", "d"),
    ("p", "v"),
    ("k", ""),
)
GENITIVE, INESSIVE, ILLATIVE = "omanto", "sisaolento", "sisatulento"


def _reads_as(word, name, wanted_case, number="singular"):
    """Whether Voikko reads `word` as the place name `name` in `wanted_case` (and `number`)."""
    for analysis in _analyse()(word):
        base = (analysis.BASEFORM or "").replace("=", "").lower()
        reading = (base, analysis.CLASS, analysis.SIJAMUOTO, analysis.NUMBER or number)
        if reading == (name, PLACE_CLASS, wanted_case, number):
            return True
    return False


def _harmony(word):
    """The vowel of the endings: a after a back vowel in the word's last part, else ä."""
    for char in reversed(word):
        if char in BACK_VOWELS:
            return "a"
        if char in FRONT_VOWELS:
            return "ä"
    return "ä"


def _weaker(stem):
    """The stem with its last consonant cluster (before the final vowel) in the weak grade."""
    if len(stem) < 3 or stem[-1] not in VOWELS:
        return []
    body, vowel = stem[:-1], stem[-1]
    found = []
    for strong, weak in GRADATION:
        if body.endswith(strong) and (len(strong) > 1 or body[-2:-1] in VOWELS or strong == "t"):
            weakened = body[: -len(strong)] + weak + vowel
            if weakened not in found:
                found.append(weakened)
            if len(strong) > 1:
                break
    return found


def _strong_stems(word):
    """Candidate strong-grade stems, most likely first."""
    if word.endswith("nen"):
        return [word[:-3] + "se"]
    if word.endswith("si"):
        return [word[:-2] + "te", word[:-1] + "e", word]  # Orivesi: orivete-, weak orivede-
    if word.endswith("i"):
        return [word[:-1] + "e", word]  # Lahti: lahte-, Pori: pori-
    if word.endswith("e"):
        return [word + "e", word]
    if word.endswith("s"):
        return [word[:-1] + "kse", word[:-1] + "te", word + "e"]  # Kannus, Varkaus
    if word[-1] not in VOWELS:
        return [word + "i", word + "e"]
    return [word]


@functools.lru_cache(maxsize=2048)
def finnish_forms(name):
    """The inflected forms of a Finnish place name that Voikko confirms, lower case, or () when
    it does not know the name. A hyphenated name inflects its last part ("Mänttä-Vilppulassa")."""
    name = (name or "").strip().lower()
    if not name or " " in name:
        return ()
    head, _dash, word = name.rpartition("-")
    prefix = f"{head}-" if head else ""
    if len(word) < 2:
        return ()
    forms = []
    strong = _strong_stems(word)
    # The stem of the genitive and the locative cases (weak grade where the word has gradation).
    stem = None
    for base in strong:
        for candidate in [*_weaker(base), base]:
            if _reads_as(candidate + "n", word, GENITIVE):
                stem = candidate
                break
        if stem:
            break
    if stem is not None:
        forms.append(stem + "n")
        vowel = _harmony(word)
        for option in (vowel, "a" if vowel == "ä" else "ä"):
            if _reads_as(f"{stem}ss{option}", word, INESSIVE):
                forms += [f"{stem}{ending}{option}" for ending in ("ss", "st", "ll", "lt")]
                forms.append(f"{stem}lle")
                break
    # The illative takes the strong grade: a long vowel (Ouluun, Lahteen), -seen (Espooseen,
    # Tampereeseen) or h + vowel (Iihin).
    for base in strong:
        last = base[-1]
        candidates = [f"{base}{last}n", f"{base}seen", f"{base}h{last}n", f"{base}en"]
        found = next((c for c in candidates if _reads_as(c, word, ILLATIVE)), None)
        if found:
            forms.append(found)
            break
    if word.endswith("nen"):
        forms += _plural_forms(word)
    return tuple(prefix + form for form in dict.fromkeys(forms))


def _plural_forms(word):
    """A name in -nen is inflected in the plural too (Kauniaisissa, Paraisten, Kaskisiin)."""
    stem = word[:-3] + "si"
    forms = []
    if _reads_as(word[:-3] + "sten", word, GENITIVE, "plural"):
        forms.append(word[:-3] + "sten")
    vowel = _harmony(word)
    if _reads_as(f"{stem}ss{vowel}", word, INESSIVE, "plural"):
        forms += [f"{stem}{ending}{vowel}" for ending in ("ss", "st", "ll", "lt")]
        forms.append(f"{stem}lle")
    if _reads_as(f"{stem}in", word, ILLATIVE, "plural"):
        forms.append(f"{stem}in")
    return forms


def swedish_forms(name):
    """The Swedish genitive of a Swedish place name, and the Finnish inessive and elative a
    Finnish speaker puts on one ending in a vowel ("Åbo" → åbos, åbossa, åbosta)."""
    name = (name or "").strip().lower()
    if not name or " " in name:
        return ()
    forms = [] if name[-1] in "sxz" else [name + "s"]
    if name[-1] in VOWELS:
        vowel = _harmony(name)
        forms += [f"{name}ss{vowel}", f"{name}st{vowel}"]
    return tuple(forms)


CACHE_VERSION = 1


def _cache_path():
    return Path(settings.VAR_DIR) / "cache" / "place-forms.json"


def _read_cache():
    try:
        data = json.loads(_cache_path().read_text())
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != CACHE_VERSION:
        return {}
    return data.get("forms", {})


def _write_cache(forms):
    path = _cache_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}")
        tmp.write_text(json.dumps({"version": CACHE_VERSION, "forms": forms}, ensure_ascii=False))
        os.replace(tmp, path)
    except OSError:
        logger.warning("Could not keep the place name forms in %s", path)


def cached_finnish_forms(names):
    """{name: [forms]} of Finnish names, remembered in VAR_DIR/cache/place-forms.json on this
    machine (computing them all takes Voikko about 25 seconds). Used when forms are stored, never
    to answer a request."""
    known = _read_cache()
    missing = [name for name in names if name not in known]
    for name in missing:
        known[name] = list(finnish_forms(name))
    if missing:
        _write_cache(known)
    return {name: known[name] for name in names}


def store_municipality_forms(municipalities, log=None):
    """Compute and store the forms of `municipalities` (a queryset or list of Municipality rows);
    returns how many rows were written."""
    rows = list(municipalities)
    if not rows:
        return 0
    if log:
        log(f"  inflecting {len(rows)} municipality names with Voikko…")
    forms = cached_finnish_forms(sorted({row.name_fi for row in rows}))
    for row in rows:
        row.name_fi_forms = forms[row.name_fi]
    type(rows[0]).objects.bulk_update(rows, ["name_fi_forms"], batch_size=500)
    return len(rows)


def _stored_or_computed(municipalities):
    """{Finnish name: forms} from the stored forms; names without them are computed now (with a
    warning: the request pays Voikko) and stored for the next one."""
    from locations.models import Municipality

    forms, missing = {}, {}
    for code, name_fi, _name_sv, stored in municipalities:
        if stored is None:
            missing[code] = name_fi
        else:
            forms[name_fi] = stored
    if missing:
        logger.warning(
            "No stored inflected forms for %d municipality names (%s); computing them with "
            "Voikko now. Run `manage.py load_gazetteer` to store them.",
            len(missing),
            ", ".join(sorted(missing.values())[:5]) + ("…" if len(missing) > 5 else ""),
        )
        computed = cached_finnish_forms(sorted(set(missing.values())))
        forms.update(computed)
        for code, name_fi in missing.items():
            Municipality.objects.filter(
                code=code, name_fi=name_fi, name_fi_forms__isnull=True
            ).update(name_fi_forms=computed[name_fi])
    return forms


def municipality_forms(municipalities):
    """{form: municipality code} of the inflected forms of every municipality's names, lower case
    with accents folded as the finder folds a query ("helsingissa", "abossa"), without the forms
    that are a name themselves or that two municipalities share. `municipalities`: (code,
    Finnish name, Swedish name or "", stored Finnish forms or None)."""
    municipalities = list(municipalities)
    finnish = _stored_or_computed(municipalities)
    names = set()
    found = {}
    for code, name_fi, name_sv, _stored in municipalities:
        names |= {normalize_name(name_fi), normalize_name(name_sv)}
        for form in (*finnish[name_fi], *swedish_forms(name_sv or "")):
            found.setdefault(normalize_name(form), set()).add(code)
    return {
        form: next(iter(codes))
        for form, codes in sorted(found.items())
        if len(codes) == 1 and form not in names
    }
