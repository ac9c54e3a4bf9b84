"""Wagtail keeps its reference index ("usage" of images, documents, pages) up to date with a
post_save handler on every tracked model, child models included; for a child it re-reads the
whole parent. Saving a page with its inline children therefore reads the page once for itself
and once more for every child row: an Ohjaamo page with 200 service points (each with its hours
and exceptions) is read 201 times, quadratic in the rows (measured: three quarters of the time
of saving such a page, and of seeding the demo site, went into these re-reads).

Workaround: while a clusterable object (a page, a service point) saves itself and its children,
the per-row updates are held back, and the object is indexed once when all its rows are in the
database, with the same task Wagtail would run. The resulting index is the same (the last of
Wagtail's re-reads saw the same rows), which tests/test_reference_index_once.py checks.

Remove when upstream indexes a cluster once per save (the test's count of index updates per save
then holds without this module).
"""

from modelcluster.models import ClusterableModel
from wagtail import signal_handlers
from wagtail.models import ReferenceIndex

_original_save = ClusterableModel.save


def _updates_held_back():
    return getattr(signal_handlers.reference_index_auto_update_disabled, "value", False)


def save(self, **kwargs):
    if _updates_held_back():
        # An outer save (or the caller) holds the updates back and indexes the whole at its end.
        return _original_save(self, **kwargs)
    with signal_handlers.disable_reference_index_auto_update():
        result = _original_save(self, **kwargs)
    if type(self) in ReferenceIndex.tracked_models:
        signal_handlers.update_reference_index_on_save(self)
    return result


def install():
    if ClusterableModel.save is not save:
        ClusterableModel.save = save
