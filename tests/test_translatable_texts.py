"""Every visible text is translatable (issue #12, point 2): every text inside every block of
every page type yields a wagtail-localize segment (tables, lists inside brand blocks and image alt
texts included), and the seeded Swedish and English pages show no Finnish text."""

import itertools
import re
import uuid

import pytest
from django.apps import apps
from django.test import Client
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageBlock
from wagtail.models import Page
from wagtail_localize.segments import StringSegmentValue
from wagtail_localize.segments.extract import StreamFieldSegmentExtractor

from kohtaamo.workarounds.localize_table_block import TranslatableTableMixin

pytestmark = pytest.mark.django_db

TEXT_BLOCKS = (blocks.CharBlock, blocks.TextBlock, blocks.RichTextBlock)


class SampleValue:
    """A block-format value of a block with a unique word in every text it holds."""

    def __init__(self, image):
        self.image = image
        self.counter = itertools.count(1)
        self.texts = []  # (word, where)

    def word(self, where):
        word = f"Sana{next(self.counter)}x"
        self.texts.append((word, where))
        return word

    def raw(self, block, where):
        if isinstance(block, ImageBlock):
            return {
                "image": self.image.pk,
                "alt_text": self.word(f"{where}.alt_text"),
                "decorative": False,
            }
        if isinstance(block, TableBlock):
            return {
                "table_caption": self.word(f"{where}.caption"),
                "first_row_is_table_header": True,
                "first_col_is_header": False,
                "data": [[self.word(f"{where}.cell"), self.word(f"{where}.cell")]],
            }
        if isinstance(block, blocks.StreamBlock):
            return [
                {"type": name, "value": self.raw(child, f"{where}.{name}"), "id": str(uuid.uuid4())}
                for name, child in block.child_blocks.items()
            ]
        if isinstance(block, blocks.ListBlock):
            return [
                {
                    "type": "item",
                    "value": self.raw(block.child_block, f"{where}.item"),
                    "id": str(uuid.uuid4()),
                }
            ]
        if isinstance(block, blocks.StructBlock):
            return {
                name: self.raw(child, f"{where}.{name}")
                for name, child in block.child_blocks.items()
            }
        if isinstance(block, blocks.RichTextBlock):
            return f"<p>{self.word(where)}</p>"
        if isinstance(block, TEXT_BLOCKS):
            return self.word(where)
        return block.get_prep_value(block.get_default())


def stream_fields():
    for model in apps.get_models():
        if not issubclass(model, Page) or model._meta.abstract:
            continue
        for field in model._meta.get_fields():
            if isinstance(field, StreamField):
                yield pytest.param(model, field, id=f"{model.__name__}.{field.name}")


@pytest.mark.parametrize("model,field", list(stream_fields()))
def test_every_text_of_every_block_yields_a_translation_segment(seeded, model, field):
    sample = SampleValue(get_image_model().objects.first())
    raw = sample.raw(field.stream_block, field.name)
    value = field.stream_block.to_python(raw)
    segments = StreamFieldSegmentExtractor(field).handle_stream_block(value)
    found = " ".join(s.string.data for s in segments if isinstance(s, StringSegmentValue))
    missing = [where for word, where in sample.texts if word not in found]
    assert sample.texts, "no text block found: the walk is broken"
    assert not missing, f"{model.__name__}: no translation segment for {missing}"


def test_a_translated_table_is_written_back():
    block = type("Table", (TranslatableTableMixin, TableBlock), {})()
    value = {"table_caption": "Vaiheet", "data": [["Vuosi", ""], ["2014", "Alku"]]}
    segments = block.get_translatable_segments(value)
    assert [s.path for s in segments] == ["caption", "cell-0-0", "cell-1-0", "cell-1-1"]
    translated = [
        type(s)(
            s.path,
            {"Vaiheet": "Stages", "Vuosi": "Year", "Alku": "Start"}.get(
                s.string.data, s.string.data
            ),
        )
        for s in segments
    ]
    result = block.restore_translated_segments(value, translated)
    assert result == {"table_caption": "Stages", "data": [["Year", ""], ["2014", "Start"]]}
    assert value["data"][0][0] == "Vuosi"  # the source is not changed


# Finnish words of the seeded content and brand material that an sv/en page must not show.
FINNISH = (
    "Vuosi",
    "Mitä tapahtui",
    "Negatiivi",
    "negatiivi",
    "vaaka",
    "Vaaka",
    "Yksivärinen",
    "Älä venytä",
    "Värillinen",
    "Puhumme suoraan",
    "Brändiohjeen kuva",
)
URL_ATTRIBUTE = re.compile(r'\s(?:src|href|srcset|action|data-[\w-]+)="[^"]*"')


def test_no_swedish_or_english_page_shows_finnish_words(seeded):
    client = Client()
    pages = Page.objects.live().filter(locale__language_code__in=("sv", "en")).specific()
    checked, problems = 0, []
    for page in pages:
        url = page.url
        if not url:
            continue
        response = client.get(url)
        if response.status_code != 200:
            continue
        checked += 1
        html = URL_ATTRIBUTE.sub(" ", response.content.decode())
        for word in FINNISH:
            if re.search(rf"(?<![\w-]){re.escape(word)}(?!\w)", html):
                problems.append(f"{url}: {word}")
    assert checked > 10
    assert not problems, problems
