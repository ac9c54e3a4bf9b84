from django.utils.functional import SimpleLazyObject

from kohtaamo import chrome


def site_chrome(request):
    """`chrome` in every template: navigation, footer and social links, built lazily (admin pages
    that never touch it pay nothing) and cached across requests."""
    return {"chrome": SimpleLazyObject(lambda: chrome.get_chrome(request))}
