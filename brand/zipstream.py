"""A ZIP archive built while it is sent: each file is read in chunks and compressed straight into
the response, so memory use stays at one chunk whatever the archive's size.

`zipfile` writes to any object with `write()`; when that object cannot seek, it puts each entry's
sizes and CRC in a data descriptor after the data instead of going back to the header, which is
what makes streaming possible.

Each entry carries its own time stamp, taken from the content (when the asset last changed), never
from the clock: the same files give the same bytes (the static export writes these archives and
must not change when nothing did).
"""

import datetime
import zipfile

from django.utils import timezone

CHUNK = 64 * 1024


class _Sink:
    """A write-only, non-seekable buffer the generator empties after each write."""

    def __init__(self):
        self._chunks = []
        self._offset = 0

    def write(self, data):
        self._chunks.append(bytes(data))
        self._offset += len(data)
        return len(data)

    def tell(self):
        return self._offset

    def flush(self):
        pass

    def drain(self):
        chunks, self._chunks = self._chunks, []
        yield from chunks


# The earliest time a ZIP entry can hold.
ZIP_EPOCH = datetime.datetime(1980, 1, 1)


def entry_time(when):
    """A ZIP entry's (year, month, day, hour, minute, second) for a datetime: local time (the
    format has no zone; an aware time is shown in the site's zone), never before 1980."""
    if when is None:
        return ZIP_EPOCH.timetuple()[:6]
    if timezone.is_aware(when):
        when = timezone.localtime(when).replace(tzinfo=None)
    return max(when, ZIP_EPOCH).timetuple()[:6]


def stream_zip(entries):
    """Yield the bytes of a ZIP of `entries`: (path in the archive, callable returning an open
    binary file, datetime of the file's last change). Files are opened one at a time, when their
    turn comes."""
    sink = _Sink()
    with zipfile.ZipFile(sink, mode="w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, opener, when in entries:
            info = zipfile.ZipInfo(name, date_time=entry_time(when))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            with opener() as source, archive.open(info, mode="w", force_zip64=True) as target:
                while chunk := source.read(CHUNK):
                    target.write(chunk)
                    yield from sink.drain()
            yield from sink.drain()
    yield from sink.drain()
