"""Content Security Policy: strict for the public site, looser for the Wagtail admin."""

from csp.middleware import CSPMiddleware
from django.conf import settings

ADMIN_DIRECTIVES = {
    # The Wagtail admin still uses inline scripts and styles (and blob: image previews).
    "script-src": ["'self'", "'unsafe-inline'", "'unsafe-eval'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
}


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's own policy on admin paths. The public site keeps
    the strict, nonce-only policy from settings."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith(settings.CONTENT_SECURITY_POLICY_ADMIN_PATHS):
            parts.replace = {**ADMIN_DIRECTIVES, **(parts.replace or {})}
        return parts
