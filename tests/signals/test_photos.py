"""Photos: checked by content, re-encoded without EXIF or GPS, at most three per signal."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from kwartier.core.errors import RuleError
from kwartier.signals import photos
from kwartier.signals.models import SignalPhoto
from tests.signals.helpers import make_signal

GPS_IFD = 0x8825
MAKE = 0x010F


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def jpeg_with_gps(size=(64, 48)) -> bytes:
    exif = Image.Exif()
    exif[MAKE] = "Telefoonmerk"
    exif[GPS_IFD] = {1: "N", 2: (52.0, 5.0, 30.0), 3: "E", 4: (5.0, 7.0, 12.0)}
    out = io.BytesIO()
    Image.new("RGB", size, "orange").save(out, "JPEG", exif=exif)
    return out.getvalue()


def png(size=(40, 30), mode="RGBA") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size).save(out, "PNG")
    return out.getvalue()


def upload(data: bytes, name="foto.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def test_the_gps_in_a_photo_is_gone_after_re_encoding():
    original = jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(GPS_IFD)  # the test's premise

    data, content_type, width, height = photos.validate_photo(upload(original))

    stored = Image.open(io.BytesIO(data))
    assert (content_type, width, height) == ("image/jpeg", 64, 48)
    assert stored.format == "JPEG"
    assert not stored.getexif()  # no GPS, no make, nothing
    assert b"Exif" not in data and b"Telefoonmerk" not in data


def test_a_png_stays_a_png_and_the_file_name_is_not_kept(world, routing):
    signal = make_signal(world.areas.buurt)
    data, content_type, width, height = photos.validate_photo(upload(png(), "Jan de Vries.png"))
    photo = photos.add_photo(signal, data, content_type, width, height)
    assert photo.content_type == "image/png" and (photo.width, photo.height) == (40, 30)
    assert "Vries" not in photo.image.name and photo.image.name.endswith(".png")
    with photo.image.open("rb") as file:
        assert Image.open(file).format == "PNG"


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"%PDF-1.4 geen foto", "foto.jpg", "geen foto in JPEG- of PNG-formaat"),
        (jpeg_with_gps()[:300], "foto.jpg", "geen foto in JPEG- of PNG-formaat"),  # cut off
        (jpeg_with_gps(), "foto.png", "De extensie .png past niet bij de inhoud"),
        (png(), "foto.jpeg", "De extensie .jpeg past niet bij de inhoud"),
        (jpeg_with_gps(), "foto.gif", "extensie .jpg, .jpeg of .png"),
        (jpeg_with_gps(), "foto", "extensie .jpg, .jpeg of .png"),
    ],
)
def test_bad_files_are_refused_in_dutch(data, name, message):
    with pytest.raises(RuleError, match=message):
        photos.validate_photo(upload(data, name))


def test_a_file_over_10_mb_is_refused():
    too_big = upload(jpeg_with_gps() + b"\0" * photos.MAX_BYTES)
    with pytest.raises(RuleError, match="hoogstens 10 MB"):
        photos.validate_photo(too_big)


def test_a_decompression_bomb_is_refused_before_decoding():
    bomb = png(size=(10_000, 10_000), mode="1")  # 100 million pixels in a few kB
    assert len(bomb) < 100_000
    with pytest.raises(RuleError, match="te veel beeldpunten"):
        photos.validate_photo(upload(bomb, "bom.png"))


def test_at_most_three_photos_per_signal(world, routing):
    signal = make_signal(world.areas.buurt)
    data, *rest = photos.validate_photo(upload(png(), "a.png"))
    for _ in range(3):
        photos.add_photo(signal, data, *rest)
    with pytest.raises(RuleError, match="hoogstens 3 foto's"):
        photos.add_photo(signal, data, *rest)
    assert SignalPhoto.objects.filter(signal=signal).count() == 3


def test_drafts_are_kept_read_and_discarded():
    data, *rest = photos.validate_photo(upload(png(), "a.png"))
    draft = photos.keep_draft(data, *rest)
    assert photos.read_draft(draft) == data
    photos.discard_draft(draft)
    assert photos.read_draft(draft) is None
    # A name from outside the draft folder is never read.
    assert photos.read_draft({"name": "../settings.py"}) is None
