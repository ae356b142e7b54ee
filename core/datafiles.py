"""Reading the versioned YAML data files, with errors that name file and entry."""

import datetime
from pathlib import Path

import yaml

# libyaml's loader when PyYAML was built with it (the wheels are): the same safe subset, about ten times faster
# than the pure-Python one, which was a third of load_plan's time.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class DataFileError(Exception):
    """A data file is malformed; the message names the file and the entry."""


class Entry:
    """A mapping from a data file, read with type checks.

    ``where`` says which file and entry it is, e.g. ``plan.yaml: themes[3]``.
    """

    def __init__(self, data, where):
        if not isinstance(data, dict):
            raise DataFileError(f"{where}: expected a mapping, found {type(data).__name__}")
        self.data = data
        self.where = where

    def _get(self, key, types, *, required, default):
        if key not in self.data or self.data[key] is None:
            if required:
                raise DataFileError(f"{self.where}: '{key}' is required")
            return default
        value = self.data[key]
        if not isinstance(value, types) or (isinstance(value, bool) and bool not in _as_tuple(types)):
            names = " or ".join(t.__name__ for t in _as_tuple(types))
            raise DataFileError(f"{self.where}: '{key}' must be {names}, found {value!r}")
        return value

    def str(self, key, *, required=True, default="", max_length=None):
        value = self._get(key, (str, int), required=required, default=default)
        value = str(value).strip()
        if required and not value:
            raise DataFileError(f"{self.where}: '{key}' must not be empty")
        if max_length and len(value) > max_length:
            raise DataFileError(f"{self.where}: '{key}' is longer than {max_length} characters")
        return value

    def int(self, key, *, required=True, default=None):
        return self._get(key, int, required=required, default=default)

    def bool(self, key, *, required=False, default=False):
        return self._get(key, bool, required=required, default=default)

    def date(self, key, *, required=False, default=None):
        return self._get(key, datetime.date, required=required, default=default)

    def choice(self, key, choices, *, required=True, default=None):
        value = self._get(key, str, required=required, default=default)
        if value is not None and value not in choices:
            raise DataFileError(f"{self.where}: '{key}' must be one of {', '.join(sorted(choices))}, found {value!r}")
        return value

    def list(self, key, *, required=True, count=None):
        value = self._get(key, list, required=required, default=[])
        if count is not None and len(value) != count:
            raise DataFileError(f"{self.where}: '{key}' must have {count} items, found {len(value)}")
        return value

    def str_list(self, key, *, required=True, count=None):
        items = self.list(key, required=required, count=count)
        for index, item in enumerate(items):
            if not isinstance(item, str) or not item.strip():
                raise DataFileError(f"{self.where}: {key}[{index}] must be a non-empty text")
        return [item.strip() for item in items]

    def entries(self, key, *, required=True):
        return [Entry(item, f"{self.where} > {key}[{i}]") for i, item in enumerate(self.list(key, required=required))]

    def mapping(self, key):
        return Entry(self._get(key, dict, required=True, default=None), f"{self.where}: {key}")


def _as_tuple(types):
    return types if isinstance(types, tuple) else (types,)


def read_yaml(path: Path) -> Entry:
    try:
        with path.open(encoding="utf-8") as handle:
            data = yaml.load(handle, Loader=_SAFE_LOADER)  # noqa: S506 — a safe loader
    except FileNotFoundError as exc:
        raise DataFileError(f"{path}: file not found") from exc
    except yaml.YAMLError as exc:
        raise DataFileError(f"{path}: not valid YAML: {exc}") from exc
    return Entry(data, path.name)


def upsert(model, lookup: dict, values: dict, *, known: dict | None = None):
    """Create the row matching ``lookup``, or update only the fields that differ.

    Unlike ``update_or_create`` it writes nothing when the row already holds
    ``values``, so loading the same data twice leaves rows (and their history)
    untouched. ``known``: the model's rows already read, by the value of a one-field
    ``lookup`` (``rows_by``), to spare a query per row. Returns ``(obj, changed)``.
    """
    if known is None:
        obj = model.objects.filter(**lookup).first()
    else:
        (key,) = lookup.values()
        obj = known.get(key)
    if obj is None:
        obj = model(**lookup, **values)
        obj.save()
        if known is not None:
            known[key] = obj
        return obj, True
    return obj, save_changed(obj, values)


def rows_by(model, field: str) -> dict:
    """Every row of ``model`` by the value of ``field`` (a unique one), for ``upsert(known=...)``."""
    return {getattr(row, field): row for row in model.objects.all()}


def save_changed(obj, values: dict) -> bool:
    """Save the fields of ``obj`` that differ from ``values`` (none: no query); whether any did."""
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=changed)
    return bool(changed)
