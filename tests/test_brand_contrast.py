"""The contrast guard: WCAG 2.1 relative luminance and contrast ratio against known examples, the
derived colours, and every pair the templates use."""

import pytest
from django.utils import translation

from brand import contrast


@pytest.mark.parametrize(
    ("foreground", "background", "expected"),
    [
        ("#000000", "#ffffff", 21.0),
        ("#ffffff", "#ffffff", 1.0),
        ("#777777", "#ffffff", 4.478),  # the classic just-failing grey
        ("#767676", "#ffffff", 4.542),  # the lightest grey that passes on white
        ("#0000ff", "#ffffff", 8.592),
        ("#ff0000", "#ffffff", 3.998),
        ("#1a1a1a", "#ffcc33", 11.55),
    ],
)
def test_contrast_ratio_matches_wcag_examples(foreground, background, expected):
    assert contrast.contrast_ratio(foreground, background) == pytest.approx(expected, abs=0.005)
    # Symmetric: the order of the colours does not matter.
    assert contrast.contrast_ratio(background, foreground) == pytest.approx(expected, abs=0.005)


def test_relative_luminance_of_black_white_and_primaries():
    assert contrast.relative_luminance("#000") == 0
    assert contrast.relative_luminance("#fff") == pytest.approx(1.0)
    assert contrast.relative_luminance("#ff0000") == pytest.approx(0.2126)
    assert contrast.relative_luminance("#00ff00") == pytest.approx(0.7152)
    assert contrast.relative_luminance("#0000ff") == pytest.approx(0.0722)


def test_ratio_is_shown_as_wcag_quotes_it_but_never_rounded_up_to_a_pass():
    assert contrast.format_ratio(contrast.contrast_ratio("#777", "#fff")) == "4.48:1"
    assert contrast.format_ratio(21) == "21.00:1"
    assert contrast.format_ratio(4.497, minimum=4.5) == "4.49:1"
    assert contrast.format_ratio(4.497) == "4.50:1"


def test_hex_codes_are_normalised_and_anything_else_is_refused():
    assert contrast.normalise_hex(" #ABC ") == "#aabbcc"
    for bad in ("", "abc", "#12345", "#ggg", "red", "#1234567"):
        with pytest.raises(ValueError):
            contrast.normalise_hex(bad)


def test_on_colours_are_white_or_near_black_whichever_contrasts_more():
    palette = contrast.derive_palette("#0b5566", "#ffcc33", "#ffffff", "#1a1a1a", "#ffffff")
    assert palette["on_primary"] == "#ffffff"
    assert palette["on_secondary"] == "#1a1a1a"
    assert palette["on_accent"] == "#1a1a1a"


def test_seeded_palette_passes_every_pair_and_derived_colours_keep_their_minimums():
    palette = contrast.derive_palette("#0b5566", "#5b2a86", "#ffcc33", "#1a1a1a", "#ffffff")
    assert contrast.failures(palette) == []
    assert palette["surface"] == "#f3f6f7"
    for background in ("background", "surface"):
        assert contrast.contrast_ratio(palette["text_muted"], palette[background]) >= 7.0
        assert contrast.contrast_ratio(palette["border"], palette[background]) >= 4.5


def test_dark_theme_derives_light_muted_text():
    palette = contrast.derive_palette("#66ccff", "#c9a3ff", "#ffcc33", "#f0f0f0", "#111111")
    assert contrast.contrast_ratio(palette["text_muted"], "#111111") >= 7.0
    assert palette["on_primary"] == "#1a1a1a"


@translation.override("en")
def test_a_mid_grey_primary_fails_with_the_pairs_named():
    # #777777 gives neither white (4.48:1) nor near-black text enough contrast.
    palette = contrast.derive_palette("#777777", "#5b2a86", "#ffcc33", "#1a1a1a", "#ffffff")
    failed = {str(result.pair.label): result for result in contrast.failures(palette)}
    assert "text on the primary colour (navigation, buttons)" in failed
    assert failed["text on the primary colour (navigation, buttons)"].ratio_text == "4.48:1"
    assert "links on the background" in failed
    assert failed["links on the background"].fields == ["background_colour", "primary_colour"]


@translation.override("en")
def test_focus_ring_passes_when_either_outline_or_halo_contrasts():
    # Dark outline on the dark primary fails, the light halo carries it.
    palette = contrast.derive_palette("#0b5566", "#5b2a86", "#ffcc33", "#1a1a1a", "#ffffff")
    ring = next(p for p in contrast.PAIRS if p.foreground == "focus" and p.background == "primary")
    assert contrast.contrast_ratio(palette["focus"], palette["primary"]) < 3
    assert ring.ratio(palette) >= 3
    # A dark accent leaves the focus ring on the primary colour with neither.
    dark = contrast.derive_palette("#0b5566", "#5b2a86", "#333333", "#1a1a1a", "#ffffff")
    labels = [str(result.pair.label) for result in contrast.failures(dark)]
    assert "focus ring on the primary colour" in labels


def test_every_css_colour_token_the_templates_read_is_checked_or_derived():
    """Each colour token main.css reads appears in at least one checked pair."""
    from brand.tokens import CSS_COLOUR_TOKENS

    checked = {p.foreground for p in contrast.PAIRS} | {p.background for p in contrast.PAIRS}
    checked |= {p.alternative for p in contrast.PAIRS if p.alternative}
    assert set(CSS_COLOUR_TOKENS) - checked == set()
