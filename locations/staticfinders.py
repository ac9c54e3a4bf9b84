"""The finder map's libraries as static files, straight from the xstatic-leaflet and
xstatic-leaflet-markercluster PyPI packages (no npm, no CDN): /static/vendor/leaflet/… and
/static/vendor/leaflet-markercluster/….

Only the files the map uses are exposed. The packages also hold builds whose source map comment
points at a file the package lacks (leaflet.markercluster.js → leaflet.markercluster.js.map),
which would make `collectstatic` with the manifest storage fail; the unminified marker cluster
build, whose map is included, is served instead.
"""

from django.contrib.staticfiles import utils
from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage

VENDOR = {
    "vendor/leaflet": (
        "xstatic.pkg.leaflet",
        [
            "leaflet.js",
            "leaflet.js.map",
            "leaflet.css",
            "images/layers.png",
            "images/layers-2x.png",
            "images/marker-icon.png",
            "images/marker-icon-2x.png",
            "images/marker-shadow.png",
        ],
    ),
    "vendor/leaflet-markercluster": (
        "xstatic.pkg.leaflet_markercluster",
        [
            "leaflet.markercluster-src.js",
            "leaflet.markercluster-src.js.map",
            "MarkerCluster.css",
            "MarkerCluster.Default.css",
        ],
    ),
}


def _base_dir(module_name):
    import importlib

    return importlib.import_module(module_name).BASE_DIR


class XStaticMapFinder(BaseFinder):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.storages = {}
        self.files = {}
        for prefix, (module_name, names) in VENDOR.items():
            storage = FileSystemStorage(location=_base_dir(module_name))
            storage.prefix = prefix
            self.storages[prefix] = storage
            self.files[prefix] = names

    def check(self, **kwargs):
        return []

    def find(self, path, find_all=False, **kwargs):
        find_all = find_all or kwargs.get("all", False)
        matches = []
        for prefix, storage in self.storages.items():
            if path.startswith(prefix + "/"):
                name = path[len(prefix) + 1 :]
                if name in self.files[prefix] and storage.exists(name):
                    matches.append(storage.path(name))
                    if not find_all:
                        return matches[0]
        return matches if find_all else []

    def list(self, ignore_patterns):
        for prefix, storage in self.storages.items():
            for name in self.files[prefix]:
                if ignore_patterns and utils.matches_patterns(name, ignore_patterns):
                    continue
                if storage.exists(name):
                    yield name, storage
