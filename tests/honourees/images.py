"""Image files made in memory for the photo tests."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

GPS_TAG = 0x8825  # GPSInfo
MAKE_TAG = 0x010F  # camera make


def jpeg_with_exif(size=(2400, 1600), orientation=None):
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[MAKE_TAG] = "SecretCam"
    exif[GPS_TAG] = {1: "N", 2: (22.0, 29.0, 10.0), 3: "E", 4: (103.0, 58.0, 30.0)}
    if orientation:
        exif[0x0112] = orientation
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


def png_bytes(size=(300, 200)):
    out = io.BytesIO()
    Image.new("RGBA", size, (0, 128, 0, 128)).save(out, format="PNG")
    return out.getvalue()


def gif_bytes():
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, format="GIF")
    return out.getvalue()


def upload(data, name="anh.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)
