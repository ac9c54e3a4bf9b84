"""A ZIP archive built while it is sent: each file is read in chunks and compressed straight into
the response, so memory use stays at one chunk whatever the archive's size.

`zipfile` writes to any object with `write()`; when that object cannot seek, it puts each entry's
sizes and CRC in a data descriptor after the data instead of going back to the header, which is
what makes streaming possible.
"""

import datetime
import zipfile

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


def stream_zip(entries, date_time=None):
    """Yield the bytes of a ZIP of `entries`: (path in the archive, callable returning an open
    binary file). Files are opened one at a time, when their turn comes."""
    date_time = (date_time or datetime.datetime.now()).timetuple()[:6]
    sink = _Sink()
    with zipfile.ZipFile(sink, mode="w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, opener in entries:
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            with opener() as source, archive.open(info, mode="w", force_zip64=True) as target:
                while chunk := source.read(CHUNK):
                    target.write(chunk)
                    yield from sink.drain()
            yield from sink.drain()
    yield from sink.drain()
