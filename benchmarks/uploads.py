#!/usr/bin/env python
"""Upload and rendition memory benchmark: peak memory (RSS) of one worker handling the worst image
the site accepts, next to the same process's baseline and to what the probe used (an 11000 x 11000
PNG under Wagtail's default 128 Mpx limit).

    .venv/bin/python benchmarks/uploads.py           # every scenario
    .venv/bin/python benchmarks/uploads.py --check   # exit 1 when a worker grows past the target

Each scenario runs in a fresh child process (Django set up with the test settings, no database):
it records its own peak RSS after start-up (the baseline), then does what the admin does with an
upload — the image field's checks (file size, pixel count, read from the header), then the
admin's thumbnail rendition (`max-165x165`) — and a `max-1000x1000` rendition, three at a time
from three threads (three editors previewing at once), and records the peak again. "Before"
scenarios run with Wagtail's defaults (128 Mpx, no rendition limit); "after" with the site's
settings (WAGTAILIMAGES_MAX_IMAGE_PIXELS, one rendition at a time per process). The images are
PNGs with an alpha channel, the costliest kind to decode (4 bytes a pixel).

Target: a worker's peak RSS <= 300 MB for the worst allowed upload and rendition.
"""

import argparse
import gc
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_MB = 300


def peak_mb():
    """This process's peak resident memory (VmHWM: unlike ru_maxrss, not inherited from the
    parent across exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def make_png(path, width, height):
    from PIL import Image

    # A gradient with alpha: compresses well (a small file, as in the probe) but decodes in full.
    Image.linear_gradient("L").resize((width, height)).convert("RGBA").save(path, "PNG")
    return path


def private_mb():
    """Memory this process does not share with the process it was forked from (Private_Clean +
    Private_Dirty: its own allocations and the pages it copied on write)."""
    total = 0
    for line in Path("/proc/self/smaps_rollup").read_text().splitlines():
        if line.startswith(("Private_Clean:", "Private_Dirty:")):
            total += int(line.split()[1])
    return total / 1024


class PrivatePeak:
    """Samples private_mb() every few milliseconds from a thread and keeps the highest."""

    def __init__(self):
        self.peak = private_mb()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self):
        while not self._stop.wait(0.005):
            self.peak = max(self.peak, private_mb())

    def stop(self):
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, private_mb())
        return self.peak


def scenario(args, result):
    """What a worker does with an upload: the field's checks, the admin's thumbnail, then
    `--parallel` previews at once."""
    from django.core.exceptions import ValidationError
    from django.core.files import File
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image as PILImage
    from wagtail.images import get_image_model
    from wagtail.images.fields import WagtailImageField
    from wagtail.images.models import Filter

    data = Path(args.image).read_bytes()
    field = WagtailImageField()
    if args.before:
        field.max_image_pixels = 128_000_000
    try:
        field.clean(SimpleUploadedFile("upload.png", data, content_type="image/png"))
    except ValidationError as error:
        result["accepted"] = False
        result["refused"] = " ".join(error.messages)
        return
    model = get_image_model()
    with open(args.image, "rb") as handle:
        width, height = PILImage.open(handle).size

    def render(spec):
        # Each request has its own image object and file handle, as in separate requests.
        image = model(title="bench", width=width, height=height, collection_id=1)
        with open(args.image, "rb") as handle:
            image.file = File(handle, name="upload.png")
            Filter(spec).run(image, io.BytesIO())

    render("max-165x165")  # the admin's thumbnail after an upload
    result["upload_peak_mb"] = round(peak_mb())
    threads = [
        threading.Thread(target=render, args=("max-1000x1000",)) for _ in range(args.parallel)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def child(args):
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "kohtaamo.settings.test"
    import django

    django.setup()
    from PIL import Image as PILImage

    from kohtaamo.workarounds import bounded_renditions, frugal_renditions

    if args.before:
        # Wagtail's defaults: 128 Mpx, Pillow's own bomb limit, renditions unlimited, Willow's
        # own operations.
        frugal_renditions.uninstall()
        bounded_renditions._slots = threading.BoundedSemaphore(64)
        PILImage.MAX_IMAGE_PIXELS = 128_000_000
    # As gunicorn with preload_app: the application is loaded once, and a worker forked from it
    # shares what was loaded (gc.freeze keeps the collector from copying those pages).
    gc.freeze()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        result = {"baseline_mb": round(peak_mb()), "accepted": True}
        sampler = PrivatePeak()
        result["private_start_mb"] = round(sampler.peak)
        try:
            scenario(args, result)
        finally:
            result["private_peak_mb"] = round(sampler.stop())
            result["peak_mb"] = round(peak_mb())
            os.write(write, json.dumps(result).encode())
            os._exit(0)
    os.close(write)
    chunks = []
    while chunk := os.read(read, 65536):
        chunks.append(chunk)
    os.waitpid(pid, 0)
    print(b"".join(chunks).decode())


def run_child(image, before, parallel):
    command = [sys.executable, __file__, "--child", "--image", str(image)]
    command += ["--parallel", str(parallel)]
    if before:
        command.append("--before")
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--image", help=argparse.SUPPRESS)
    parser.add_argument("--before", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--parallel", type=int, default=3, help="renditions at once (3)")
    parser.add_argument("--check", action="store_true", help="exit 1 when over the target")
    parser.add_argument("--make", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.make:
        return make_png(args.make[0], int(args.make[1]), int(args.make[2]))
    if args.child:
        return child(args)

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kohtaamo.settings.test")
    import django

    django.setup()
    from django.conf import settings

    limit = settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS
    side = int(limit**0.5)
    work = Path(tempfile.mkdtemp(prefix="kohtaamo-uploads-"))
    probe, worst = work / "probe.png", work / "worst.png"
    for path, width, height in ((probe, 11_000, 11_000), (worst, side, limit // side)):
        subprocess.run(
            [sys.executable, __file__, "--make", str(path), str(width), str(height)], check=True
        )
    scenarios = [
        ("before: 11000x11000 PNG (121 Mpx), Wagtail defaults", probe, True),
        ("after: 11000x11000 PNG (121 Mpx), site settings", probe, False),
        (f"before: worst allowed {side}x{limit // side} PNG, no rendition limit", worst, True),
        (f"after: worst allowed {side}x{limit // side} PNG, site settings", worst, False),
    ]
    print(f"pixel limit {limit:,} ({limit / 1e6:.0f} Mpx); {args.parallel} renditions at once")
    print(
        f"{'scenario':<62} {'app':>5} {'upload':>7} {'peak':>6} {'growth':>7} {'worker':>7}  result"
    )
    failed = False
    for label, image, before in scenarios:
        size_kb = image.stat().st_size // 1024
        result = run_child(image, before, args.parallel)
        growth = result["peak_mb"] - result["baseline_mb"]
        outcome = "accepted" if result["accepted"] else "refused: " + result["refused"][:60]
        upload = result.get("upload_peak_mb", "-")
        print(
            f"{label:<62} {result['baseline_mb']:>5} {upload!s:>7} {result['peak_mb']:>6} "
            f"{growth:>+7} {result['private_peak_mb']:>7}  {outcome} ({size_kb} KB file)"
        )
        if not before and result["private_peak_mb"] > TARGET_MB:
            failed = True
    print(
        "MB. app: RSS of the loaded application a worker is forked from (shared by every worker);\n"
        "upload, peak: the worker's RSS (VmHWM) after the upload and thumbnail, and after the\n"
        "renditions; growth: peak - app; worker: the worker's own peak (private memory, sampled).\n"
        f"Target: a worker's own peak <= {TARGET_MB} MB for the worst allowed upload and rendition."
    )
    if args.check and failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
