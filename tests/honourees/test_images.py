"""Photos: checked from their content, EXIF stripped, resized."""

import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from honourees import images
from tests.honourees.images import GPS_TAG, MAKE_TAG, gif_bytes, jpeg_with_exif, png_bytes, upload


def test_exif_and_gps_are_stripped_and_the_photo_is_resized():
    original = jpeg_with_exif()
    assert b"SecretCam" in original
    cleaned = images.process_photo(upload(original)).read()
    assert b"SecretCam" not in cleaned
    assert b"Exif" not in cleaned
    with Image.open(io.BytesIO(cleaned)) as image:
        assert image.format == "JPEG"
        assert max(image.size) == images.MAX_SIDE
        exif = image.getexif()
        assert MAKE_TAG not in exif
        assert GPS_TAG not in exif


def test_camera_orientation_is_applied_before_exif_goes():
    # Orientation 6: the camera was turned; the stored photo must stand upright.
    cleaned = images.process_photo(upload(jpeg_with_exif(size=(400, 200), orientation=6))).read()
    with Image.open(io.BytesIO(cleaned)) as image:
        assert image.size == (200, 400)


def test_png_stays_png_with_a_random_name():
    result = images.process_photo(upload(png_bytes(), name="Giàng Thị Dung.png", content_type="image/png"))
    assert result.name.endswith(".png")
    assert "Giàng" not in result.name
    with Image.open(io.BytesIO(result.read())) as image:
        assert image.format == "PNG"


@pytest.mark.parametrize(
    "data",
    [
        b"<script>alert(1)</script>",  # a script named .jpg
        b"%PDF-1.4 not an image",
        jpeg_with_exif()[:200],  # a truncated JPEG
        gif_bytes(),  # a real image, but not JPEG or PNG
    ],
)
def test_disguised_or_damaged_files_are_refused(data):
    with pytest.raises(ValidationError):
        images.process_photo(upload(data, name="anh.jpg", content_type="image/jpeg"))


def test_files_over_5_mb_are_refused():
    big = upload(b"\xff\xd8" + b"0" * (5 * 1024 * 1024))
    with pytest.raises(ValidationError) as caught:
        images.process_photo(big)
    assert caught.value.code == "too_large"


def test_a_decompression_bomb_is_refused_before_it_is_decoded():
    # A small file that would decode to 49 million pixels.
    out = io.BytesIO()
    Image.new("1", (7000, 7000)).save(out, format="PNG")
    assert len(out.getvalue()) < 5 * 1024 * 1024
    with pytest.raises(ValidationError) as caught:
        images.process_photo(upload(out.getvalue(), name="bom.png", content_type="image/png"))
    assert caught.value.code == "too_many_pixels"
