"""Photos with a signal: checked by their content, re-encoded so that EXIF and GPS are gone.

`validate_photo` reads an upload and returns the re-encoded bytes; `add_photo` stores them
with a signal. Both the portal and the API call them. A photo is decoded fully by Pillow
and written anew (JPEG at quality 85, or PNG): what a camera or phone adds (location,
device, owner) is not copied, and the file name people gave is not kept either.

The portal's four steps keep photos as drafts between the steps (`keep_draft`): the
re-encoded bytes in the media storage under a random name, never in the session (whose
rows would grow by megabytes). A draft is removed when the signal is sent, and drafts
that nobody sent are removed after DRAFT_HOURS by the next upload.
"""

from __future__ import annotations

import datetime
import io
import secrets
import warnings
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from PIL import Image, ImageOps, UnidentifiedImageError

from kwartier.core.errors import RuleError

from .models import PHOTOS_MAX, Signal, SignalPhoto

MAX_BYTES = 10 * 1024 * 1024
# A phone photo has 12 to 50 million pixels; more is a decompression bomb (a small file
# that unpacks into gigabytes), refused before its pixels are decoded.
MAX_PIXELS = 60_000_000
JPEG_QUALITY = 85
# Pillow's format → (content type, file extensions that may carry it, extension we store)
FORMATS = {
    "JPEG": ("image/jpeg", {".jpg", ".jpeg"}, ".jpg"),
    "PNG": ("image/png", {".png"}, ".png"),
}
EXTENSIONS = {ext: fmt for fmt, (_, exts, _) in FORMATS.items() for ext in exts}
CONTENT_TYPES = {content_type: ext for content_type, _, ext in FORMATS.values()}

NOT_AN_IMAGE = "Dit bestand is geen foto in JPEG- of PNG-formaat."
WRONG_EXTENSION = "Alleen foto's met de extensie .jpg, .jpeg of .png."
TOO_BIG = "Een foto is hoogstens 10 MB."
TOO_MANY_PIXELS = "Deze foto heeft te veel beeldpunten; maak hem kleiner."
TOO_MANY_PHOTOS = f"Bij een melding passen hoogstens {PHOTOS_MAX} foto's."
DRAFT_FOLDER = "signals/concept"
DRAFT_HOURS = 6


def validate_photo(uploaded_file) -> tuple[bytes, str, int, int]:
    """Check an upload and re-encode it: (bytes, content type, width, height).

    Raises RuleError (Dutch) for a file that is too big, not a JPEG or PNG by its
    content, named with an extension that does not match the content, or a bomb.
    """
    name = getattr(uploaded_file, "name", "") or ""
    extension = PurePosixPath(name.lower()).suffix
    if extension not in EXTENSIONS:
        raise RuleError(WRONG_EXTENSION)
    size = getattr(uploaded_file, "size", None)
    if size is not None and size > MAX_BYTES:
        raise RuleError(TOO_BIG)
    data = uploaded_file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise RuleError(TOO_BIG)
    image = _decode(data)
    if extension not in FORMATS[image.format][1]:
        kind = "PNG" if image.format == "PNG" else "JPEG"
        raise RuleError(f"De extensie {extension} past niet bij de inhoud: dit is een {kind}-foto.")
    return _reencode(image)


def _decode(data: bytes) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.format not in FORMATS:
                raise RuleError(NOT_AN_IMAGE)
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise RuleError(TOO_MANY_PIXELS)
            image.load()  # decodes every pixel: a truncated or corrupt file fails here
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise RuleError(TOO_MANY_PIXELS) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise RuleError(NOT_AN_IMAGE) from None
    return image


def _reencode(image: Image.Image) -> tuple[bytes, str, int, int]:
    """Write the pixels anew, with nothing of the original's metadata."""
    fmt = image.format
    # The EXIF orientation goes with the EXIF: turn the pixels upright first.
    image = ImageOps.exif_transpose(image)
    out = io.BytesIO()
    if fmt == "JPEG":
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    else:
        if image.mode not in ("RGB", "RGBA", "L", "LA", "P", "1"):
            image = image.convert("RGBA")
        image.save(out, "PNG", optimize=True)
    return out.getvalue(), FORMATS[fmt][0], image.width, image.height


def add_photo(signal: Signal, data: bytes, content_type: str, w: int, h: int) -> SignalPhoto:
    """Store a photo from `validate_photo` with the signal (at most PHOTOS_MAX)."""
    if content_type not in CONTENT_TYPES:
        raise RuleError(NOT_AN_IMAGE)
    if signal.photos.count() >= PHOTOS_MAX:
        raise RuleError(TOO_MANY_PHOTOS)
    # A random name: the name the resident gave the file may say who they are.
    name = f"{secrets.token_hex(16)}{CONTENT_TYPES[content_type]}"
    return SignalPhoto.objects.create(
        signal=signal,
        image=ContentFile(data, name=name),
        content_type=content_type,
        width=w,
        height=h,
    )


# Drafts between the portal's steps ----------------------------------------------------


def keep_draft(data: bytes, content_type: str, w: int, h: int) -> dict:
    """Store re-encoded bytes until the signal is sent; the dict goes in the session."""
    remove_old_drafts()
    name = f"{DRAFT_FOLDER}/{secrets.token_hex(16)}{CONTENT_TYPES[content_type]}"
    name = default_storage.save(name, ContentFile(data))
    return {"name": name, "content_type": content_type, "width": w, "height": h}


def read_draft(draft: dict) -> bytes | None:
    name = draft.get("name", "")
    if not _is_draft_name(name) or not default_storage.exists(name):
        return None  # removed meanwhile (too old): the photo is left out
    with default_storage.open(name, "rb") as file:
        return file.read()


def discard_draft(draft: dict) -> None:
    name = draft.get("name", "")
    if _is_draft_name(name):
        default_storage.delete(name)


def _is_draft_name(name: str) -> bool:
    # The session is the server's own, but a name never leaves the draft folder.
    path = PurePosixPath(name)
    return str(path.parent) == DRAFT_FOLDER and ".." not in path.parts


def remove_old_drafts() -> None:
    if not default_storage.exists(DRAFT_FOLDER):
        return
    cutoff = timezone.now() - datetime.timedelta(hours=DRAFT_HOURS)
    for name in default_storage.listdir(DRAFT_FOLDER)[1]:
        path = f"{DRAFT_FOLDER}/{name}"
        if default_storage.get_modified_time(path) < cutoff:
            default_storage.delete(path)
