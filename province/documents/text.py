"""Text and number helpers shared by the document builders."""

from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core.text import XML_ILLEGAL


def status_labels() -> dict:
    """Status -> how an agency's reporting in the period reads in the documents, in the active language (an
    unknown status is shown as it is): looked up once per table of hundreds of agencies."""
    return {
        "on_time": pgettext("reporting status", "On time"),
        "late": pgettext("reporting status", "Late"),
        "missing": pgettext("reporting status", "Not reported"),
    }


def plan_reference(plan: dict, *, with_body: bool = False) -> str:
    """How the documents name the plan they follow: by number and date when the plan record has them ("Kế hoạch
    số 123/KH-UBND ngày 05/4/2021 của Ủy ban nhân dân tỉnh Lào Cai về tuyên truyền …"), else by its title;
    ``with_body`` names the issuing body too. An unconfirmed copy (the next phase copied before anyone wrote it)
    names the plan it was copied from, saying the new one is not issued yet."""
    source = plan.get("copied_from") if plan.get("draft_copy") else None
    if not source:
        return _cited(plan, with_body=with_body)
    return _(
        "%(title)s (the plan for %(phase)s has not been issued yet; this period is followed with an unconfirmed "
        "copy of it)"
    ) % {"title": _cited(source, with_body=False), "phase": plan["phase"].replace("-", "–")}


_PLAN_WORD = "Kế hoạch "


def _cited(plan: dict, *, with_body: bool) -> str:
    body = plan.get("issuing_body") if with_body else ""
    if not plan.get("number"):
        return _("%(plan)s of %(body)s") % {"plan": plan["title"], "body": body} if body else plan["title"]
    title = plan["title"]
    subject = title[len(_PLAN_WORD) :] if title.startswith(_PLAN_WORD) else title
    words = {"number": plan["number"], "subject": subject, "body": body}
    if plan.get("issued_on"):
        words["date"] = short_date(plan["issued_on"])
        if body:
            return _("Plan No. %(number)s dated %(date)s of %(body)s on %(subject)s") % words
        return _("Plan No. %(number)s dated %(date)s on %(subject)s") % words
    if body:
        return _("Plan No. %(number)s of %(body)s on %(subject)s") % words
    return _("Plan No. %(number)s on %(subject)s") % words


def short_date(iso: str) -> str:
    """A date in running text: "15/3/2025", "03/02/2021" (days below 10 and months below 3 with a zero, as the
    date line)."""
    day = date.fromisoformat(iso)
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{day.day:02d}/{month}/{day.year}"


def clean(text) -> str:
    """``text`` as a string without the characters XML cannot hold (``core.text.XML_ILLEGAL``)."""
    if text is None:
        return ""
    return XML_ILLEGAL.sub("", str(text))


def paragraphs(text) -> list[str]:
    """The non-empty paragraphs of a multi-line text, cleaned."""
    return [line.strip() for line in clean(text).replace("\r\n", "\n").replace("\r", "\n").split("\n") if line.strip()]


def number(value) -> str:
    """A figure the Vietnamese way: thousands separated by dots (1.234); "-" when unknown."""
    if value is None:
        return "-"
    return f"{int(value):,}".replace(",", ".")


def change(current, previous) -> str:
    """The change from ``previous`` to ``current`` in per cent, with a Vietnamese decimal comma."""
    if previous is None or current is None:
        return "-"
    if previous == 0:
        # Nothing to compare with (vietnamese-review B1 #10: "–", not "mới").
        return "-"
    pct = (current - previous) * 100 / previous
    sign = "+" if pct > 0 else ""
    return f"{sign}{pct:.1f}%".replace(".", ",")


def percent(part, whole) -> str:
    """ "93,6%"; a whole number without decimals ("100%", vietnamese-review B1 #16); "-" of nothing."""
    if not whole:
        return "-"
    return f"{decimal(part * 100 / whole)}%"


def decimal(value) -> str:
    """A number to one decimal with a Vietnamese comma ("93,6"), a whole one without ("100")."""
    value = round(value, 1)
    if value == int(value):
        return str(int(value))
    return f"{value:.1f}".replace(".", ",")


def long_date(iso: str | None, place: str, *, draft_year=None) -> str:
    """ "Lào Cai, ngày 20 tháng 6 năm 2024"; not yet dated, day and month blank to fill in by hand, the year printed."""
    line = pgettext("place and date of a document", "%(place)s, %(day)s/%(month)s/%(year)s")
    if not iso:
        blank = " " * 4
        return (line % {"place": place, "day": blank, "month": blank, "year": draft_year or ""}).rstrip()
    day = date.fromisoformat(iso)
    # Decree 30: days below 10 and months below 3 take a leading zero.
    dd = f"{day.day:02d}" if day.day < 10 else str(day.day)
    mm = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return line % {"place": place, "day": dd, "month": mm, "year": day.year}


def metric_index(snapshot) -> list[dict]:
    """Every metric of the snapshot in plan order, each with its channel's code and name."""
    return [
        {**metric, "channel_code": channel["code"], "channel_name": channel["name"]}
        for channel in snapshot.get("channels", [])
        for metric in channel.get("metrics", [])
    ]


def primary_metrics(snapshot) -> list[dict]:
    return [m for m in metric_index(snapshot) if m.get("primary")]
