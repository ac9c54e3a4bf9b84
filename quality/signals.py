"""Remember links to deleted pages, documents and images (see `DanglingReference`).

Wagtail's reference index forgets the references *to* an object when it is deleted; the pages
holding those links still hold them. Before the deletion, the references from pages are copied
here. Once the linking page is saved again, Wagtail has re-indexed its references (the dangling
ones included) and the dashboard reads them from the index instead; a record is dropped with its
linking page."""

from django.db.models.signals import post_delete, pre_delete
from django.dispatch import receiver
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, ReferenceIndex

from quality.models import DanglingReference


def _kind(instance):
    if isinstance(instance, Page):
        return "page"
    if isinstance(instance, get_document_model()):
        return "document"
    if isinstance(instance, get_image_model()):
        return "image"
    return None


@receiver(pre_delete)
def remember_links_to_deleted_object(sender, instance, **kwargs):
    kind = _kind(instance)
    if kind is None or sender.__module__ == "__fake__":
        return
    references = ReferenceIndex.get_references_to(instance).filter(
        base_content_type__app_label="wagtailcore", base_content_type__model="page"
    )
    source_ids = {int(ref.object_id) for ref in references if str(ref.object_id).isdigit()}
    existing = set(Page.objects.filter(pk__in=source_ids).values_list("pk", flat=True))
    title = str(getattr(instance, "title", ""))[:255]
    for ref in references:
        if not str(ref.object_id).isdigit() or int(ref.object_id) not in existing:
            continue
        DanglingReference.objects.get_or_create(
            source_page_id=int(ref.object_id),
            target_kind=kind,
            target_id=str(instance.pk),
            model_path=ref.model_path,
            defaults={"target_title": title},
        )


@receiver(post_delete)
def forget_when_linking_page_is_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        DanglingReference.objects.filter(source_page_id=instance.pk).delete()
