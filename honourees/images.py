"""Photos of honourees: checked from their content, stripped of EXIF, resized.

Whatever the upload claims (its name, its content type), the bytes must decode
as a JPEG or PNG image. The stored file is a re-encoded copy: no EXIF (GPS
position, camera, date), no other metadata, at most ``MAX_SIDE`` pixels on its
longer side, with the camera's orientation applied first.
"""

import io
import secrets

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 5 * 1024 * 1024
MAX_SIDE = 1200
# Refuse decompression bombs outright instead of Pillow's warning.
MAX_PIXELS = 40_000_000
ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png"}


def process_photo(upload) -> ContentFile:
    """Return a cleaned copy of ``upload`` (a Django ``UploadedFile``) ready to save.

    Raises ``ValidationError`` when the file is larger than 5 MB, is not a
    JPEG or PNG image by its content, or is damaged. No side effects.
    """
    if upload.size > MAX_BYTES:
        raise ValidationError(_("The photo is larger than 5 MB."), code="too_large")
    upload.seek(0)
    data = upload.read()
    try:
        with Image.open(io.BytesIO(data)) as probe:
            image_format = probe.format
            width, height = probe.size
            if image_format not in ALLOWED_FORMATS:
                raise ValidationError(_("Only JPEG or PNG photos are accepted."), code="format")
            if width * height > MAX_PIXELS:
                raise ValidationError(_("The photo has too many pixels."), code="too_many_pixels")
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            image = ImageOps.exif_transpose(image)
            image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
            return _encode(image, image_format)
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise ValidationError(_("The file is not a readable JPEG or PNG image."), code="invalid") from exc


def _encode(image: Image.Image, image_format: str) -> ContentFile:
    # A new image with only the pixels: no EXIF, XMP, ICC comments or text chunks.
    if image_format == "PNG":
        mode = "RGBA" if image.mode in ("RGBA", "LA", "P") else "RGB"
    else:
        mode = "RGB"
    clean = Image.new(mode, image.size)
    clean.paste(image.convert(mode))
    out = io.BytesIO()
    if image_format == "JPEG":
        clean.save(out, format="JPEG", quality=85, optimize=True, progressive=True)
    else:
        clean.save(out, format="PNG", optimize=True)
    # A random name: the uploader's file name may carry a person's name or a path.
    return ContentFile(out.getvalue(), name=f"{secrets.token_hex(12)}.{ALLOWED_FORMATS[image_format]}")
