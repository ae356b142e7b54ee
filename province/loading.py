"""Load the document defaults (who issues the province report from a date on) from ``province/data``."""

from pathlib import Path

from core.datafiles import read_yaml

from .models import DocumentDefaults

DATA_FILE = Path(__file__).resolve().parent / "data" / "document-defaults.yaml"
TEXT_FIELDS = (
    "issuer_parent",
    "issuer_name",
    "issuer_name_sentence",
    "issuer_code",
    "place",
    "signer_capacity",
    "signer_title",
    "signer_name",
    "recipients",
    "source",
)
REQUIRED = {"issuer_parent", "issuer_name", "issuer_name_sentence", "issuer_code", "place"}


def load_document_defaults(*, data_file: Path | None = None, stdout=None) -> int:
    """Create each entry of the data file whose date the database does not hold yet; returns how many.

    An entry already there is left as it is: the administrator's corrections
    (a signer's name, a decision found later) outlive every ``load_plan``.
    Raises ``DataFileError`` naming the entry at the first malformed one.
    """
    root = read_yaml(data_file or DATA_FILE)
    rows = []
    for entry in root.entries("entries"):
        values = {
            field: entry.str(
                field, required=field in REQUIRED, max_length=DocumentDefaults._meta.get_field(field).max_length
            )
            for field in TEXT_FIELDS
        }
        rows.append(DocumentDefaults(valid_from=entry.date("valid_from", required=True), **values))
    existing = set(DocumentDefaults.objects.values_list("valid_from", flat=True))
    created = [row for row in rows if row.valid_from not in existing]
    DocumentDefaults.objects.bulk_create(created)
    if stdout is not None and created:
        stdout.write(f"Document defaults: {len(created)} new")
    return len(created)
