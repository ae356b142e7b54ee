"""The private values of the factory honourees, in every spelling a page or an export could show them."""

import datetime
import re

from tests.honourees.factories import PRIVATE_DATA


def spellings(value):
    """A date as ISO, dd/mm/yyyy and dd-mm-yyyy; a text as typed and with its spaces, dots and dashes taken out."""
    if isinstance(value, datetime.date):
        return (value.isoformat(), value.strftime("%d/%m/%Y"), value.strftime("%d-%m-%Y"))
    return (value, re.sub(r"[ .-]", "", value))


# The tests search rendered pages and exports for each of these.
PRIVATE_VALUES = tuple(dict.fromkeys(spelling for value in PRIVATE_DATA.values() for spelling in spellings(value)))
