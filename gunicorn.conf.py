"""Gunicorn, the production application server (`make serve`; read automatically by `gunicorn`
started in this directory). Every value can be changed from the environment.

Sync workers: rendering a page is CPU-bound Python, so one request per process at a time is the
fastest use of the cores, and a worker stuck on a dead database is killed after `timeout` and
replaced without touching the others. Put nginx (or another proxy) in front: it buffers slow
clients, which sync workers must not wait for.
"""

import multiprocessing
import os


def _env(name, default):
    value = os.environ.get(name, "").strip()
    return value or default


wsgi_app = "kohtaamo.wsgi:application"
bind = _env("BIND", f"{_env('HOST', '127.0.0.1')}:{_env('PORT', '8000')}")
# WEB_CONCURRENCY: worker processes (default: two per core, plus one).
workers = int(_env("WEB_CONCURRENCY", str(multiprocessing.cpu_count() * 2 + 1)))
worker_class = "sync"
timeout = int(_env("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(_env("GUNICORN_GRACEFUL_TIMEOUT", "30"))
# Replace each worker now and then: memory growth of a long-lived process cannot accumulate.
max_requests = int(_env("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = max_requests // 10
backlog = 2048
# The application is loaded once and the workers fork from it (less memory, start-up errors stop
# the server at once). Database and cache connections are opened by each worker on first use.
preload_app = True
# X-Forwarded-Proto from the proxy in front (HTTPS detection) is trusted from these addresses.
forwarded_allow_ips = _env("FORWARDED_ALLOW_IPS", "127.0.0.1")
# Access log without query strings: a finder URL may carry the visitor's position.
accesslog = _env("GUNICORN_ACCESS_LOG", "-")
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'
errorlog = "-"
loglevel = _env("GUNICORN_LOG_LEVEL", "info")


def when_ready(server):
    """In the master, after the application is loaded and before the workers fork: load the
    Finnish dictionary (about 250 MB) once so every worker shares it, and move what is loaded out
    of the garbage collector's reach so its passes don't copy the shared pages into each worker."""
    import gc

    from kohtaamo.language import warm_up

    warm_up()
    gc.freeze()
