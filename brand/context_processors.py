from django.utils.functional import SimpleLazyObject

from brand import tokens


def brand(request):
    """`brand` in every template: the colour and font tokens (`brand.css`), the header logo
    (`brand.logo`), swatches and typography, from the cache (no query on a warm cache); built only
    when a template uses it."""
    return {"brand": SimpleLazyObject(lambda: tokens.get_brand_for_request(request))}
