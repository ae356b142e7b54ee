"""Read a restored site from a process of its own: its row counts, its media files, a sign-in and a download.

    python -m tests.core.backup_probe USERNAME PASSWORD URL

with DATABASE_URL and TEST_MEDIA_ROOT (or the object store's settings) of the restored site; prints one
JSON object. It goes through the whole site as a browser would: the login form, then the download view.
"""

import hashlib
import json
import os
import sys

import django


def media_checksums():
    """SHA-256 of every file in the default storage, by storage name."""
    from django.core.files.storage import default_storage

    from core.backup import storage_names

    checksums = {}
    for name in storage_names():
        with default_storage.open(name, "rb") as handle:
            checksums[name] = hashlib.sha256(handle.read()).hexdigest()
    return checksums


def main(username, password, url):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    django.setup()
    from django.test import Client

    from core.backup import row_counts

    rows = row_counts()  # before signing in writes a session and an access log
    client = Client()
    login = client.post("/accounts/login/", {"username": username, "password": password})
    download = client.get(url)
    body = b"".join(download.streaming_content) if download.status_code == 200 else b""
    seen = {
        "rows": rows,
        "media": media_checksums(),
        "login_status": login.status_code,
        "login_redirect": login.get("Location", ""),
        "download_status": download.status_code,
        "download_sha256": hashlib.sha256(body).hexdigest(),
    }
    json.dump(seen, sys.stdout)


if __name__ == "__main__":
    main(*sys.argv[1:4])
