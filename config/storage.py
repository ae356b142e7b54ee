"""The ``STORAGES["default"]`` entry for the site's files (evidence, photos, compiled reports).

Kept out of ``config/settings/`` so the settings and the tests build the same
entry. Importing it loads nothing of Django but its exception.
"""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

LOCAL = {"BACKEND": "core.storage.LocalStorage"}


def s3_storage(
    *, bucket: str, endpoint_url: str = "", region: str = "", access_key: str = "", secret_key: str = ""
) -> dict:
    """A private bucket of an S3-compatible object store (MinIO, a cloud store), through django-storages.

    Objects are written private and never handed out by URL: the views that
    check access read them and stream them (``core.storage.open_stored``).
    Without keys, boto3 finds its own (``~/.aws``, an instance role). Raises
    ``ImproperlyConfigured`` for an endpoint that is not an http(s) URL.
    """
    if endpoint_url and (urlsplit(endpoint_url).scheme not in ("http", "https") or not urlsplit(endpoint_url).netloc):
        raise ImproperlyConfigured(f"STORAGE_S3_ENDPOINT_URL must be an http(s) URL, not {endpoint_url!r}.")
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint_url or None,
            "region_name": region or None,
            "access_key": access_key or None,
            "secret_key": secret_key or None,
            "default_acl": "private",
            # Like the local folder: a second file of the same name gets a name of its own.
            "file_overwrite": False,
            # MinIO and most self-hosted stores address buckets by path, not by host name.
            "addressing_style": "path" if endpoint_url else None,
            # A download is spooled to memory up to 2 MB, to a temporary file beyond.
            "max_memory_size": 2 * 1024 * 1024,
        },
    }
