"""The test suite (pytest-django) and the seeded server the browser tests drive.

DEBUG stays off so that error pages and security headers are the production ones.
"""

from .base import *  # noqa: F403
from .base import env

SECRET_KEY = "test-only-insecure-key"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SERVE_MEDIA = True
KOHTAAMO_ALLOW_DEMO_USERS = True
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# A media directory per pytest-xdist worker (each has its own copy of the seeded files).
MEDIA_ROOT = Path(env("MEDIA_ROOT", VAR_DIR / "test-media"))  # noqa: F405
if env("PYTEST_XDIST_WORKER"):
    MEDIA_ROOT = MEDIA_ROOT / env("PYTEST_XDIST_WORKER")
WAGTAILADMIN_BASE_URL = "http://testserver"
# As in development; tests of the requirement switch it on (tests/test_two_factor.py).
KOHTAAMO_2FA_REQUIRED = False
# The suite measures rendering (query counts per page type): the page cache is off, and the tests
# of the cache (tests/test_page_cache.py) switch it on.
KOHTAAMO_PAGE_CACHE = False
