from pathlib import Path

from django.core.management.base import BaseCommand

from generator import nginx_config
from generator.build import CURRENT, default_output


class Command(BaseCommand):
    help = (
        "Print the nginx configuration serving the static export (include it in the http block), "
        "or with --standalone a whole nginx.conf for serving it locally."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", help=f"the build output (default {default_output()})")
        parser.add_argument("--listen", default="127.0.0.1:8080", help="listen address")
        parser.add_argument("--server-name", default="_", help="server_name")
        parser.add_argument(
            "--app",
            help="application server for the admin, search, private documents, e.g. "
            "http://127.0.0.1:8000",
        )
        parser.add_argument("--hsts", action="store_true", help="send HSTS (behind HTTPS)")
        parser.add_argument(
            "--standalone", metavar="WORKDIR", help="a whole nginx.conf with its files in WORKDIR"
        )

    def handle(self, *args, **options):
        root = Path(options["output"] or default_output()).resolve() / CURRENT
        if options["standalone"]:
            text = nginx_config.standalone_config(
                root, options["standalone"], listen=options["listen"], app=options["app"]
            )
        else:
            text = nginx_config.site_config(
                root,
                listen=options["listen"],
                server_name=options["server_name"],
                app=options["app"],
                hsts=options["hsts"],
            )
        self.stdout.write(text)
