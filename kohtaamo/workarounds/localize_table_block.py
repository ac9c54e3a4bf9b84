"""wagtail-localize extracts no translation segments from Wagtail's TableBlock (its extractor
ignores block types it does not know), so a table's caption and cells stayed in the source language
on every translation.

Workaround: a mixin for TableBlock that offers the caption and each non-empty cell as a segment
and writes the translated strings back. Remove when tests/test_upstream_workarounds.py reports
that wagtail-localize extracts segments from a TableBlock by itself.
"""

import copy
import re

CAPTION = "caption"
CELL = re.compile(r"cell-(\d+)-(\d+)")


class TranslatableTableMixin:
    def get_translatable_segments(self, value):
        from wagtail_localize.segments import StringSegmentValue

        if not value:
            return []
        segments = []
        caption = (value.get("table_caption") or "").strip()
        if caption:
            segments.append(StringSegmentValue(CAPTION, caption))
        for row_index, row in enumerate(value.get("data") or ()):
            for col_index, cell in enumerate(row or ()):
                if cell is not None and str(cell).strip():
                    segments.append(StringSegmentValue(f"cell-{row_index}-{col_index}", str(cell)))
        return segments

    def restore_translated_segments(self, value, segments):
        value = copy.deepcopy(value)
        for segment in segments:
            text = segment.render_text()
            if segment.path == CAPTION:
                value["table_caption"] = text
                continue
            match = CELL.fullmatch(segment.path)
            if match is None:
                continue
            row, col = int(match.group(1)), int(match.group(2))
            data = value.get("data") or []
            if row < len(data) and col < len(data[row]):
                data[row][col] = text
        return value
