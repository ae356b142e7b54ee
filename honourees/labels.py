"""The register's choice labels, translated once per language and process.

A list page shows a label or four per row; ``get_FOO_display`` rebuilds the
choices dict and calls gettext every time. The catalogues do not change while
a process runs, so one dict per language serves every page.
"""

import functools

from django.utils.translation import get_language

from .models import Honouree

CHOICES = {
    "kind": Honouree.Kind.choices,
    "category": Honouree.Category.choices,
    "field": Honouree.Field.choices,
    "status": Honouree.Status.choices,
}


def choice_labels():
    """``{"kind": {"individual": "Cá nhân", …}, "category": {…}, …}`` in the active language."""
    return _labels(get_language())


@functools.lru_cache(maxsize=8)
def _labels(language):  # ``language`` keys the cache
    return {name: {value: str(label) for value, label in choices} for name, choices in CHOICES.items()}
