"""Local development on the embedded defaults (SQLite, local memory cache, database search)."""

from .base import *  # noqa: F403
from .base import env, env_bool, env_list

DEBUG = True
SECRET_KEY = env("SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
SERVE_MEDIA = True
KOHTAAMO_ALLOW_DEMO_USERS = True
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# The second factor is offered, and national administrators are prompted to set it up, but not
# forced (the demo logins keep working); production requires it (TWO_FACTOR_REQUIRED).
KOHTAAMO_2FA_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", False)
