"""The asset bank's rules: who sees which material, where staff-only files are kept, and the
listing and ZIP queries.

How staff-only files stay private:

- Staff-only assets hold their files as **documents** only. Wagtail serves documents through its
  own view (`WAGTAILDOCS_SERVE_METHOD = "serve_view"`), which checks the collection's privacy; on
  save the documents of a staff-only asset are moved into the collection `STAFF_COLLECTION`,
  which only logged-in users may open (a `CollectionViewRestriction` of type login).
- `before_serve_document` (brand/wagtail_hooks.py) refuses, in addition, any document attached to
  a staff-only asset to a visitor who is not staff, whatever collection it is in.
- Their files are renamed into `documents/private/<random>/`, a path published nowhere (document
  links always go through the serve view). The web server must not serve `MEDIA_ROOT/documents/`
  directly (Wagtail's advice for private documents with serve_view); see the README.
- **Images are public files** (their originals and renditions are plain media files that any
  visitor can fetch), so a staff-only asset may have neither an image file nor a preview image:
  the admin form refuses them. Staff-only pictures go into the asset as documents (PDF, SVG, ZIP).
- The asset bank's own download and ZIP views check the asset's audience and the document's
  collection privacy on every request.
"""

import os
import secrets

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Prefetch
from wagtail.models import Collection, CollectionViewRestriction

STAFF_COLLECTION = "Brändimateriaali – vain henkilöstölle"
PUBLIC_COLLECTION = "Brändimateriaali"
PRIVATE_PREFIX = "documents/private/"


def is_restricted_document(document):
    """Whether the document's collection (or one above it) limits who may open it."""
    return document.collection.get_view_restrictions().exists()


def staff_collection():
    """The collection for staff-only brand files (created with its login restriction when
    missing)."""
    collection = Collection.objects.filter(name=STAFF_COLLECTION).first()
    if collection is None:
        collection = Collection.get_first_root_node().add_child(name=STAFF_COLLECTION)
    if not collection.get_view_restrictions().exists():
        CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=CollectionViewRestriction.LOGIN
        )
    return collection


def public_collection():
    collection = Collection.objects.filter(name=PUBLIC_COLLECTION).first()
    if collection is None:
        collection = Collection.get_first_root_node().add_child(name=PUBLIC_COLLECTION)
    return collection


def privatise_file(document):
    """Move the document's file to an unguessable path (the old file is deleted once the
    transaction commits, so a rollback loses nothing)."""
    old_name = document.file.name
    if old_name.startswith(PRIVATE_PREFIX):
        return False
    storage = document.file.storage
    with storage.open(old_name, "rb") as source:
        content = source.read()
    new_name = storage.save(
        f"{PRIVATE_PREFIX}{secrets.token_urlsafe(18)}/{os.path.basename(old_name)}",
        ContentFile(content),
    )
    document.file.name = new_name
    transaction.on_commit(lambda: storage.delete(old_name))
    return True


def make_documents_private(asset):
    """Every document of a staff-only asset into the staff-only collection, its file out of
    sight."""
    collection = None
    for asset_file in asset.files.select_related("document__collection"):
        document = asset_file.document
        if document is None:
            continue
        changed = []
        if not is_restricted_document(document):
            collection = collection or staff_collection()
            document.collection = collection
            changed.append("collection")
        if privatise_file(document):
            changed.append("file")
        if changed:
            document.save(update_fields=changed)


def document_is_staff_only(document):
    from brand.models import BrandAsset, BrandAssetFile

    return BrandAssetFile.objects.filter(
        document=document, asset__audience=BrandAsset.Audience.STAFF
    ).exists()


def _files_prefetch():
    from brand.models import BrandAssetFile

    return Prefetch(
        "files",
        queryset=BrandAssetFile.objects.select_related("document__collection", "image").order_by(
            "sort_order", "pk"
        ),
    )


def listing(user, category=None, language=None, include_outdated=False):
    """Assets for the bank's listing: published, visible to the user, current (unless
    `include_outdated`), filtered; files and replacements prefetched."""
    from brand.models import BrandAsset

    assets = BrandAsset.objects.visible_to(user)
    assets = assets.published() if include_outdated else assets.current()
    if category:
        assets = assets.filter(category=category)
    assets = assets.in_language(language)
    return assets.select_related("preview_image", "replaces").prefetch_related(
        _files_prefetch(), "replaced_by"
    )


def zip_entries(assets):
    """(path in the ZIP, asset file) for every file of the assets: one folder per asset, unique
    names."""
    from django.utils.text import slugify

    entries, used = [], set()
    for asset in assets:
        folder = slugify(f"{asset.title} {asset.language} {asset.version}") or f"asset-{asset.pk}"
        for asset_file in asset.files.all():
            base = os.path.basename(asset_file.file.name) or f"file-{asset_file.pk}"
            stem, dot, ext = base.rpartition(".")
            candidate, n = f"{folder}/{base}", 2
            while candidate in used:
                candidate = f"{folder}/{stem or base}-{n}{dot}{ext if stem else ''}"
                n += 1
            used.add(candidate)
            entries.append((candidate, asset_file))
    return entries


def changed_at(asset_file):
    """When a file of an asset last changed, as far as the database knows: the asset's last save
    (a file is swapped by editing the asset) or the file's own upload, whichever is later. Used
    as the file's time in ZIP downloads, so the same content always gives the same archive."""
    stored = asset_file.document or asset_file.image
    times = [asset_file.asset.updated_at, getattr(stored, "created_at", None)]
    times = [t for t in times if t is not None]
    return max(times) if times else None


def file_allowed(request, asset_file):
    """The document's own collection privacy, checked for the asset bank's downloads too."""
    document = asset_file.document
    if document is None:
        return True
    return all(
        restriction.accept_request(request)
        for restriction in document.collection.get_view_restrictions()
    )
