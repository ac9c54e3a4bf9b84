"""The nginx configuration of the export, filled in from generator/nginx/site.conf.

The security headers are the application's: the Content Security Policy is built from
`settings.CONTENT_SECURITY_POLICY` without the nonce (the build moves inline styles into files and
the remaining inline scripts are JSON-LD data blocks, which a policy does not govern).
With `app` (the application server's address), what only the application can answer goes there:
the admin, the site search, the nearest search, the accessibility feedback form's posts, private
documents, and pages asked for with a query string (filters, further pages of a listing);
without it the export stands alone.
"""

import os
import shutil
import subprocess
from pathlib import Path

from csp.constants import NONCE
from django.conf import settings
from django.urls import reverse
from django.utils import translation

TEMPLATE = Path(__file__).resolve().parent / "nginx" / "site.conf"
BROTLI_MODULES = Path("/usr/lib/nginx/modules")


def content_security_policy(frame_ancestors=None):
    """The application's policy without nonces; `frame_ancestors` replaces that directive's
    sources (the embed page may be framed by any site)."""
    parts = []
    for directive, values in settings.CONTENT_SECURITY_POLICY["DIRECTIVES"].items():
        kept = [value for value in values if value != NONCE]
        if directive == "frame-ancestors" and frame_ancestors:
            kept = list(frame_ancestors)
        parts.append(" ".join([directive, *kept]))
    return "; ".join(parts)


def embed_locations(query_to_app):
    """A location per language for the embeddable finder's page: framed by any site, so its
    policy says `frame-ancestors *` and it sends no X-Frame-Options (like the application's
    view, locations/embed.py). Searches in it need the application, as site search does."""
    policy = content_security_policy(frame_ancestors=["*"])
    blocks = []
    for language in ("fi", "sv", "en"):
        with translation.override(language):
            path = reverse("embed_finder")
        blocks.append(
            f"    location = {path} {{\n"
            f'        add_header Content-Security-Policy "{policy}" always;\n'
            "        add_header X-Content-Type-Options nosniff always;\n"
            "        add_header Referrer-Policy strict-origin-when-cross-origin always;\n"
            '        add_header Cache-Control "public, max-age=0, must-revalidate" always;\n'
            # The file itself: `$uri/` would redirect internally to a location with other headers.
            f"{query_to_app}        try_files ${{uri}}index.html =404;\n"
            "    }"
        )
    return "\n".join(blocks)


def feedback_paths():
    """The feedback form's address in each language."""
    paths = []
    for language in ("fi", "sv", "en"):
        with translation.override(language):
            paths.append(reverse("accessibility_feedback"))
    return paths


def has_brotli():
    return (BROTLI_MODULES / "ngx_http_brotli_filter_module.so").exists()


def site_config(root, listen="127.0.0.1:8080", server_name="_", app=None, hsts=False):
    """The `server` block (and its maps) for the export at `root` (give the `current` link)."""
    hsts_line = (
        '        add_header Strict-Transport-Security "max-age=31536000; includeSubDomains" always;'
        if hsts
        else ""
    )
    brotli = (
        "    brotli on;\n    brotli_types text/css application/javascript application/json "
        "application/rss+xml application/atom+xml application/xml image/svg+xml text/plain;\n"
        if has_brotli()
        else ""
    )
    if app:
        proxy = (
            f"        proxy_pass {app};\n"
            "        proxy_set_header Host $host;\n"
            "        proxy_set_header X-Forwarded-Proto $scheme;\n"
            "        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;"
        )
        app_locations = "\n".join(
            f"    location {path} {{\n{proxy}\n    }}"
            for path in ("/admin/", "/i18n/", "/haku/", "/sv/sok/", "/en/search/", "/cms-static/")
        )
        app_locations += f"\n    location /api/locations/nearest/ {{\n{proxy}\n    }}"
        # The accessibility feedback form posts here (kohtaamo/feedback.py).
        for path in feedback_paths():
            app_locations += f"\n    location = {path} {{\n{proxy}\n    }}"
        fallback = proxy
        query_to_app = (
            "        error_page 418 = @kohtaamo_app;\n        if ($args) { return 418; }\n"
        )
        api_to_app = (
            "        error_page 418 = @kohtaamo_app;\n"
            "        if ($kohtaamo_api_unsupported) { return 418; }"
        )
    else:
        app_locations = ""
        fallback = "        return 404;"
        query_to_app = ""
        api_to_app = "        if ($kohtaamo_api_unsupported) { return 400; }"
    text = TEMPLATE.read_text()
    for name, value in {
        "@ROOT@": str(root),
        "@LISTEN@": listen,
        "@SERVER_NAME@": server_name,
        "@CSP@": content_security_policy(),
        "@HSTS@": hsts_line,
        "@BROTLI@": brotli,
        "@APP_FALLBACK@": fallback,
        "@APP_LOCATIONS@": app_locations,
        "@EMBED_LOCATIONS@": embed_locations(query_to_app),
        "@QUERY_TO_APP@": query_to_app,
        "@API_TO_APP@": api_to_app,
    }.items():
        text = text.replace(name, value)
    return text


def standalone_config(root, workdir, listen="127.0.0.1:8080", app=None):
    """A whole nginx.conf that runs unprivileged in the foreground with its files in `workdir`
    (make export, the tests, the benchmark)."""
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    brotli = ""
    if has_brotli():
        brotli = f"load_module {BROTLI_MODULES / 'ngx_http_brotli_filter_module.so'};\n"
    # Started by root (CI, containers), workers would drop to `nobody` and could not read the
    # caller's private temporary folders; they serve the caller's own files as the caller.
    user = "user root;\n" if os.geteuid() == 0 else ""
    return (
        f"{brotli}{user}"
        "worker_processes auto;\n"
        "daemon off;\n"
        f"pid {workdir / 'nginx.pid'};\n"
        f"error_log {workdir / 'error.log'} warn;\n"
        "events { worker_connections 1024; }\n"
        "http {\n"
        "    access_log off;\n"
        "    map_hash_bucket_size 128;\n"
        "    sendfile on;\n"
        "    tcp_nopush on;\n"
        "    open_file_cache max=10000 inactive=60s;\n"
        f"    client_body_temp_path {workdir / 'body'};\n"
        f"    proxy_temp_path {workdir / 'proxy'};\n"
        f"    fastcgi_temp_path {workdir / 'fastcgi'};\n"
        f"    uwsgi_temp_path {workdir / 'uwsgi'};\n"
        f"    scgi_temp_path {workdir / 'scgi'};\n"
        + site_config(root, listen=listen, app=app)
        + "}\n"
    )


def nginx_binary():
    return shutil.which("nginx") or (
        "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
    )


def test_config(config_path):
    """nginx -t on a config file; returns (ok, output)."""
    binary = nginx_binary()
    result = subprocess.run(  # noqa: S603 - a fixed binary and our own file
        [binary, "-t", "-q", "-c", str(config_path)], capture_output=True, text=True
    )
    return result.returncode == 0, result.stderr
