"""A local S3 endpoint for the tests: moto's standalone server, on a free port of 127.0.0.1.

A real HTTP server that speaks the S3 protocol, started as a process of its
own; the site talks to it through django-storages and boto3 exactly as it would
to MinIO or a cloud store. The fixtures are in ``tests/conftest.py``
(``s3_endpoint``, ``object_storage``).
"""

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path

import boto3

from config.storage import s3_storage

ACCESS_KEY = "test-access-key"
SECRET_KEY = "test-secret-key"  # moto takes any key
REGION = "us-east-1"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Bucket:
    """One private bucket of the endpoint, with what the site needs to use it."""

    name: str
    url: str

    @property
    def storage(self) -> dict:
        """The ``STORAGES["default"]`` entry the settings build from ``env``."""
        return s3_storage(
            bucket=self.name, endpoint_url=self.url, region=REGION, access_key=ACCESS_KEY, secret_key=SECRET_KEY
        )

    @property
    def env(self) -> dict:
        """The environment that points a process of the site (a Celery worker, a command) at this bucket."""
        return {
            "STORAGE_S3_BUCKET": self.name,
            "STORAGE_S3_ENDPOINT_URL": self.url,
            "STORAGE_S3_REGION": REGION,
            "AWS_ACCESS_KEY_ID": ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
        }

    def client(self):
        return boto3.client(
            "s3",
            endpoint_url=self.url,
            region_name=REGION,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
        )

    def objects(self) -> list[str]:
        """Every object's key, read from the endpoint itself (not through the site)."""
        pages = self.client().get_paginator("list_objects_v2").paginate(Bucket=self.name)
        return sorted(entry["Key"] for page in pages for entry in page.get("Contents", ()))

    def read(self, key: str) -> bytes:
        return self.client().get_object(Bucket=self.name, Key=key)["Body"].read()

    def grants(self, key: str) -> list[dict]:
        return self.client().get_object_acl(Bucket=self.name, Key=key)["Grants"]


class Endpoint:
    """moto's server as a child process; ``stop`` ends it."""

    def __init__(self, log: Path):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._log = log.open("w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.port)],
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{self.url}/moto-api/", timeout=2).close()  # noqa: S310 (our own server)
                break
            except (urllib.error.URLError, ConnectionError):
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(f"moto's S3 server did not start:\n{log.read_text()}") from None
                time.sleep(0.2)

    def new_bucket(self) -> Bucket:
        """A new, empty bucket, private (no public grant): one per test, so no test sees another's files."""
        bucket = Bucket(name=f"thidua-{uuid.uuid4().hex[:12]}", url=self.url)
        bucket.client().create_bucket(Bucket=bucket.name, ACL="private")
        return bucket

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()
