"""What the report's body says of its figures: counts, comparisons and sentences computed from the snapshot.

The body a leader reads is a synthesis (issue 15 §1; ``shared/docs/vietnamese-review.md`` B3, B4): how
many agencies reported, the totals against the previous period and the same period a year before, the
channels that rose or fell, the most active agencies, the exemplars introduced. Every count of agencies
comes from one place, the snapshot's ``agencies`` (``reporting`` and ``kind_rows``): the sentence and the
tables cannot disagree. ``drafts`` pre-drafts the reviewer's own texts (sections I, III–V; lessons for a
phase) from the same figures, in plain sentences the reviewer edits before compiling.

Pure functions of the snapshot, in Vietnamese through province's catalogue (``build_docx`` and
``compilation`` call them inside ``translation.override("vi")``).
"""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .text import decimal, number, percent, primary_metrics

# How many agencies the body names as the most active.
TOP_AGENCIES = 5
# How many themes the body names as the most and the least propagated.
TOP_THEMES = 3


def due_agencies(snapshot):
    """The agencies that owed a report in the window (the ones completeness counts), in the snapshot's order."""
    return [a for a in snapshot.get("agencies") or [] if a.get("expected")]


def agency_state(agency) -> str:
    """``complete`` (every report owed was sent), ``partial`` (some) or ``none`` (not one)."""
    if agency["status"] != "missing":
        return "complete"
    return "partial" if agency.get("submitted") else "none"


def reporting(snapshot) -> dict:
    """The agencies due to report and how they did: ``due``, ``sent`` (at least one report), ``on_time`` and
    ``late`` (all sent; late: one of them after the deadline), ``partial`` (some missing), ``none``."""
    counts = {"due": 0, "sent": 0, "on_time": 0, "late": 0, "partial": 0, "none": 0}
    for agency in due_agencies(snapshot):
        counts["due"] += 1
        state = agency_state(agency)
        if state == "complete":
            counts[agency["status"]] += 1
        else:
            counts[state] += 1
        counts["sent"] += state != "none"
    return counts


def kind_rows(snapshot) -> list[dict]:
    """Per kind of agency, in the snapshot's order: ``label``, ``due``, ``sent`` (as ``reporting`` counts)
    and ``items`` (the products and activities of all its agencies that reported, due or not)."""
    rows = {k["kind"]: {"label": k["label"], "due": 0, "sent": 0, "items": 0} for k in snapshot["agency_kinds"]}
    for agency in snapshot.get("agencies") or []:
        row = rows.get(agency["kind"])
        if row is None:
            continue
        row["items"] += agency.get("items", 0)
        if agency.get("expected"):
            row["due"] += 1
            row["sent"] += agency_state(agency) != "none"
    return list(rows.values())


def is_phase(snapshot) -> bool:
    return snapshot["period"]["kind"] == "phase"


def in_the_period(snapshot) -> str:
    """ "Trong kỳ" / "Trong giai đoạn 2021 – 2025", to open a sentence."""
    if is_phase(snapshot):
        return _("In the phase %(phase)s") % {"phase": phase_words(snapshot)}
    return _("In the period")


def phase_years(plan) -> int:
    """How many years the plan's phase spans: 5 for "2021-2025"."""
    first, last = (int(y) for y in plan["phase"].split("-"))
    return last - first + 1


def phase_words(snapshot) -> str:
    """The plan's phase as a document writes it: "2021 – 2025"."""
    return snapshot["plan"]["phase"].replace("-", " – ")


# -- sentences ---------------------------------------------------------------------


def compliance_sentence(snapshot) -> str:
    """How the agencies reported, in the review's words (B1 #1): agencies first, then the reports they owed."""
    counts = reporting(snapshot)
    completeness = snapshot["completeness"]
    lead = in_the_period(snapshot)
    if not counts["due"]:
        return _("%(lead)s, no agency, unit or locality was due to report.") % {"lead": lead}
    if counts["on_time"] == counts["due"]:
        return _(
            "%(lead)s, %(due)s agencies, units and localities were due to report; 100%% of them sent every report "
            "they owed (%(reports)s reports) by the deadline."
        ) % {"lead": lead, "due": number(counts["due"]), "reports": number(completeness["expected"])}
    parts = [
        _("%(count)s sent every report on time") % {"count": number(counts["on_time"])} if counts["on_time"] else "",
        _("%(count)s sent a report late") % {"count": number(counts["late"])} if counts["late"] else "",
        _("%(count)s have not sent every report they owed") % {"count": number(counts["partial"])}
        if counts["partial"]
        else "",
    ]
    sentence = _(
        "%(lead)s, %(due)s agencies, units and localities were due to report; %(sent)s/%(due)s agencies, units "
        "and localities sent reports (%(percent)s)"
    ) % {
        "lead": lead,
        "due": number(counts["due"]),
        "sent": number(counts["sent"]),
        "percent": percent(counts["sent"], counts["due"]),
    }
    parts = [p for p in parts if p]
    if parts:
        sentence += _(", of which %(parts)s") % {"parts": ", ".join(parts)}
    if counts["none"]:
        sentence += _("; %(count)s agencies, units and localities have not sent any report") % {
            "count": number(counts["none"])
        }
    return sentence + _(
        " (list in Annex 01). Of the %(expected)s reports owed, %(reported)s were received (%(percent)s): "
        "%(on_time)s on time and %(late)s after the deadline."
    ) % {
        "expected": number(completeness["expected"]),
        "reported": number(completeness["on_time"] + completeness["late"]),
        "percent": percent(completeness["on_time"] + completeness["late"], completeness["expected"]),
        "on_time": number(completeness["on_time"]),
        "late": number(completeness["late"]),
    }


def change_words(current, previous) -> str:
    """ "tăng 4,4%", "giảm 0,2%", "bằng"; "" when there is nothing to compare with (none, or 0 before)."""
    if current is None or not previous:
        return ""
    if current == previous:
        return pgettext("compared with", "the same")
    pct = decimal(abs(current - previous) * 100 / previous)
    if current > previous:
        return pgettext("compared with", "up %(percent)s%%") % {"percent": pct}
    return pgettext("compared with", "down %(percent)s%%") % {"percent": pct}


def items(snapshot, field="total") -> int | None:
    """The products and activities (the primary metrics' sum) of the window, or of a comparison window."""
    values = [m.get(field) for m in primary_metrics(snapshot)]
    if field != "total" and any(v is None for v in values):
        return None
    return sum(v or 0 for v in values)


def channel_sentences(snapshot) -> list[str]:
    """The total against the previous period and the same period a year before, and the channels that rose
    and fell most (by their primary metric)."""
    comparison = snapshot.get("comparison") or {}
    total = items(snapshot)
    out = []
    compared = []
    for key, window in (("previous", comparison.get("previous")), ("year_before", comparison.get("year_before"))):
        words = change_words(total, items(snapshot, key)) if window else ""
        if words:
            compared.append(_("%(change)s against %(period)s") % {"change": words, "period": window["label"]})
    sentence = _(
        "%(lead)s, the agencies, units and localities produced %(items)s propagation products and activities "
        "(news items and articles, programmes, posts, broadcasts, sessions; Table 1)"
    ) % {"lead": in_the_period(snapshot), "items": number(total)}
    out.append(sentence + (", " + "; ".join(compared) if compared else "") + ".")
    moves = _channel_moves(snapshot)
    if moves:
        out.append(moves)
    return out


def _channel_moves(snapshot) -> str:
    """ "Tăng nhiều nhất: …; giảm: …" by channel against the previous period; "" without a comparison."""
    rising, falling = [], []
    for metric in primary_metrics(snapshot):
        before = metric.get("previous")
        if not before:
            continue
        words = change_words(metric["total"], before)
        entry = f"{metric['channel_name']} ({words})"
        if metric["total"] > before:
            rising.append((metric["total"] / before, entry))
        elif metric["total"] < before:
            falling.append((metric["total"] / before, entry))
    parts = []
    if rising:
        rising.sort(reverse=True)
        parts.append(_("the channels that rose: %(list)s") % {"list": ", ".join(e for _r, e in rising)})
    if falling:
        falling.sort()
        parts.append(_("the channels that fell: %(list)s") % {"list": ", ".join(e for _r, e in falling)})
    if not parts:
        return ""
    return _("Against the previous period, %(parts)s.") % {"parts": "; ".join(parts)}


def theme_sentences(snapshot) -> list[str]:
    """The most and the least propagated themes of the plan (Table 2, Chart 1)."""
    themes = [t for t in snapshot.get("themes") or [] if t.get("items")]
    if not themes:
        return []
    ranked = sorted(themes, key=lambda t: -t["items"])
    top = ", ".join(f"{t['code']} ({number(t['items'])})" for t in ranked[:TOP_THEMES])
    out = [_("The themes propagated most were %(list)s (Table 2, Chart 1).") % {"list": top}]
    silent = [t["code"] for t in snapshot.get("themes") or [] if not t.get("items")]
    if silent:
        out.append(_("No product was reported for %(list)s.") % {"list": ", ".join(silent)})
    elif len(ranked) > TOP_THEMES:
        low = ", ".join(f"{t['code']} ({number(t['items'])})" for t in ranked[-TOP_THEMES:][::-1])
        out.append(_("The least propagated were %(list)s.") % {"list": low})
    return out


def agency_sentences(snapshot) -> list[str]:
    """The groups of agencies (Table 3) and the most active agencies, by products and activities."""
    active = sorted((a for a in snapshot.get("agencies") or [] if a.get("items")), key=lambda a: -a["items"])
    out = [
        _(
            "The results of each group of agencies are in Table 3; those of each agency, unit and locality and "
            "of each area in Annex 02."
        )
    ]
    if active:
        names = ", ".join(f"{a['name']} ({number(a['items'])})" for a in active[:TOP_AGENCIES])
        out.append(_("The most active were %(list)s.") % {"list": names})
    return out


def honouree_counts(honourees) -> list[tuple[str, int]]:
    """``[(category, count)]`` in the order categories first appear; an unnamed category last."""
    counts = {}
    for honouree in honourees:
        category = honouree.get("category") or ""
        counts[category] = counts.get(category, 0) + 1
    return sorted(counts.items(), key=lambda item: item[0] == "")


def honouree_sentence(snapshot, where=None) -> str:
    """How many exemplary people and models were introduced, by category; the list is in ``where`` (Annex 03
    by default)."""
    honourees = snapshot.get("honourees") or []
    lead = in_the_period(snapshot)
    if not honourees:
        return _("%(lead)s, the agencies, units and localities introduced no new exemplary person or model.") % {
            "lead": lead
        }
    breakdown = ", ".join(
        f"{count:02d} {category.lower() if category else pgettext('honouree', 'other')}"
        for category, count in honouree_counts(honourees)
    )
    return _(
        "%(lead)s, the agencies, units and localities found and introduced %(count)s exemplary people and models, "
        "of which %(breakdown)s (%(where)s)."
    ) % {
        "lead": lead,
        "count": f"{len(honourees):02d}",
        "breakdown": breakdown,
        "where": where or _("list in Annex 03"),
    }


def pipeline_sentence(snapshot) -> str | None:
    """The exemplar pipeline of the window (issue 17 §5) in one sentence: found, fostered, honoured, commended
    (by form of award), replicated (where, and whom it reached) and introduced on the portals, each step only
    when something happened in it (an official writes no "0 gương"); None when the snapshot has none of it
    (compiled before it was counted, or nothing happened)."""
    part = (snapshot.get("duties") or {}).get("exemplars")
    if not part:
        return None
    steps = [text % values for key, text, values in _pipeline_steps(part) if part.get(key)]
    if not steps:
        return None
    return _("%(lead)s, %(steps)s.") % {"lead": in_the_period(snapshot), "steps": "; ".join(steps)}


def _pipeline_steps(part):
    """``(key, wording, values)`` of each step of the pipeline, in its order."""
    awards = ", ".join(f"{number(n)} {label}" for label, n in part.get("awards") or [])
    reach = ", ".join(f"{number(n)} {label}" for label, n in part.get("coverage") or [])
    return (
        ("found", _("%(n)s exemplary people and models were found"), {"n": number(part["found"])}),
        (
            "nurtured",
            _("%(n)s were fostered (%(actions)s support actions)"),
            {"n": number(part["nurtured"]), "actions": number(part["nurture_actions"])},
        ),
        ("published", _("%(n)s were honoured publicly"), {"n": number(part["published"])}),
        (
            "commended",
            _("%(n)s were commended (%(awards)s)"),
            {"n": number(part["commended"]), "awards": awards or _("no award decided")},
        ),
        (
            "replicated",
            _("%(n)s models were replicated in %(units)s units%(reach)s"),
            {
                "n": number(part["replicated"]),
                "units": number(part["replication_units"]),
                "reach": _(", reaching %(reach)s") % {"reach": reach} if reach else "",
            },
        ),
        (
            "introduced",
            _("%(n)s were introduced on the emulation and commendation portals"),
            {"n": number(part["introduced"])},
        ),
    )


# -- the reviewer's texts, pre-drafted -------------------------------------------------

# The reviewer's texts in the order of the document; ``lessons`` only in a phase summary.
TEXT_KEYS = ("direction", "strengths", "shortcomings", "lessons", "next_tasks", "proposals")


def drafts(snapshot) -> dict[str, str]:
    """A first wording of each of the reviewer's texts, from the figures; "" where the figures say nothing.

    Plain sentences, one per line, for the reviewer to edit (the compile form starts with them). Causes,
    lessons and the documents the department issued are not in the data: the reviewer writes them.
    """
    counts = reporting(snapshot)
    completeness = snapshot["completeness"]
    received = completeness["on_time"] + completeness["late"]
    lines = {key: [] for key in TEXT_KEYS}
    values = {
        "issuer": snapshot["issuer"]["name_sentence"],
        "due": number(counts["due"]),
        "lead": in_the_period(snapshot),
    }
    lines["direction"].append(
        _(
            "%(issuer)s guided and urged the %(due)s agencies, units and localities due to report to carry out the "
            "Plan and to report their results through the emulation tracking system; the system reminded the "
            "agencies whose reports were due or overdue."
        )
        % values
    )
    if completeness["expected"] and completeness["on_time"] * 10 >= completeness["expected"] * 8:
        lines["strengths"].append(
            _(
                "The agencies, units and localities largely kept to the reporting rules (%(percent)s of reports "
                "on time)."
            )
            % {"percent": percent(completeness["on_time"], completeness["expected"])}
        )
    lines["strengths"].extend(_result_strengths(snapshot))
    lines["shortcomings"].extend(_result_shortcomings(snapshot, counts, received))
    lines["next_tasks"].extend(_next_tasks(snapshot, counts))
    for key, sentences in _duty_drafts(snapshot).items():
        lines[key].extend(sentences)
    if counts["partial"] or counts["none"]:
        lines["proposals"].append(
            _(
                "The Provincial People's Committee is asked to direct the agencies, units and localities that have "
                "not sent every report they owed (Annex 01) to comply with the reporting rules of the Plan."
            )
        )
    return {key: "\n".join(value) for key, value in lines.items()}


def _result_strengths(snapshot) -> list[str]:
    out = []
    comparison = snapshot.get("comparison") or {}
    total, before = items(snapshot), items(snapshot, "previous")
    if comparison.get("previous") and before and total > before:
        out.append(
            _("Propagation products and activities rose by %(change)s against %(period)s.")
            % {"change": change_words(total, before).split(" ", 1)[-1], "period": comparison["previous"]["label"]}
        )
    honourees = snapshot.get("honourees") or []
    if honourees:
        out.append(
            _("%(count)s exemplary people and models were found and introduced.") % {"count": f"{len(honourees):02d}"}
        )
    return out


def _result_shortcomings(snapshot, counts, received) -> list[str]:
    out = []
    if counts["partial"] or counts["none"] or counts["late"]:
        out.append(
            _(
                "%(missing)s agencies, units and localities have not sent every report they owed and %(late)s sent "
                "a report after the deadline (Annex 01)."
            )
            % {"missing": number(counts["partial"] + counts["none"]), "late": number(counts["late"])}
        )
    falling = [m["channel_name"] for m in primary_metrics(snapshot) if m.get("previous") and m["total"] < m["previous"]]
    if falling:
        out.append(_("Results fell against the previous period in: %(list)s.") % {"list": ", ".join(falling)})
    silent = [t["code"] for t in snapshot.get("themes") or [] if not t.get("items")]
    if silent and received:
        out.append(_("Nothing was reported for the themes %(list)s.") % {"list": ", ".join(silent)})
    return out


def _next_tasks(snapshot, counts) -> list[str]:
    out = [_("Continue to carry out %(plan)s.") % {"plan": snapshot["plan"]["title"]}]
    if counts["partial"] or counts["none"] or counts["late"]:
        out.append(_("Urge the agencies, units and localities to send their reports in full and on time."))
    themes = [t for t in snapshot.get("themes") or [] if t.get("items") is not None]
    if len(themes) > TOP_THEMES:
        low = sorted(themes, key=lambda t: t["items"])[:2]
        out.append(
            _("Step up the propagation of the themes with the fewest results (%(list)s).")
            % {"list": ", ".join(t["code"] for t in low)}
        )
    return out


def _duty_drafts(snapshot) -> dict[str, list[str]]:
    """What the duties of section III say for the reviewer's texts: the guidance issued and the content the press
    used (strengths), the recipients that have not acknowledged and the quantities ordered not delivered in full
    (shortcomings, and the tasks that follow). Facts only: whether they are enough is the reviewer's to say."""
    out = {"strengths": [], "shortcomings": [], "next_tasks": []}
    duties = duty_parts(snapshot)
    if not duties:
        return out
    guidance, content = duties["guidance"], duties["content"]
    if guidance["rows"]:
        out["strengths"].append(
            _("%(count)s propaganda guidance documents were issued to the agencies, units and localities.")
            % {"count": f"{len(guidance['rows']):02d}"}
        )
    if content["provided"] and content["used"]:
        out["strengths"].append(
            _("The press used %(used)s of the %(provided)s items of content provided to it (%(percent)s).")
            % {
                "used": number(content["used"]),
                "provided": number(content["provided"]),
                "percent": percent(content["used"], content["provided"]),
            }
        )
    waiting = guidance["recipients"] - guidance["acknowledged"]
    if guidance["rows"] and waiting:
        out["shortcomings"].append(
            _("%(waiting)s recipients have not acknowledged the propaganda guidance (%(percent)s).")
            % {"waiting": number(waiting), "percent": percent(waiting, guidance["recipients"])}
        )
        out["next_tasks"].append(
            _("Urge the agencies, units and localities to acknowledge and carry out the propaganda guidance.")
        )
    met, cells = orders_counts(duties["orders"])
    if cells > met:
        out["shortcomings"].append(
            _("%(short)s of the %(cells)s quantities ordered from the press were not delivered in full.")
            % {"short": number(cells - met), "cells": number(cells)}
        )
        out["next_tasks"].append(_("Urge the press agencies to deliver in full what was ordered."))
    return out


# -- the duties of the plan's section III (issue 17) -------------------------------------


def duty_parts(snapshot) -> dict | None:
    """The snapshot's ``duties`` (guidance, press orders, content provided to the press), or None in a snapshot
    compiled before they were recorded."""
    return snapshot.get("duties")


def guidance_sentence(snapshot, annex=None) -> str:
    """The guidance issued in the period, its acknowledgements and the reports that answered it; ``annex``: the
    number of the annex that lists the documents (a phase summary's)."""
    part = duty_parts(snapshot)["guidance"]
    values = {"lead": in_the_period(snapshot), "issuer": snapshot["issuer"]["name_sentence"]}
    if not part["rows"]:
        return _("%(lead)s, %(issuer)s issued no propaganda guidance through the system.") % values
    if annex:
        text = _(
            "%(lead)s, %(issuer)s issued %(count)s propaganda guidance documents, sent to %(recipients)s agencies, "
            "units and localities in all; %(acknowledged)s acknowledged receiving them (%(percent)s), and %(reports)s "
            "reports of the agencies, units and localities said they answered them (listed in Annex %(annex)s)."
        )
    else:
        text = _(
            "%(lead)s, %(issuer)s issued %(count)s propaganda guidance documents, sent to %(recipients)s agencies, "
            "units and localities in all; %(acknowledged)s acknowledged receiving them (%(percent)s), and %(reports)s "
            "reports of the agencies, units and localities said they answered them."
        )
    return text % {
        **values,
        "count": f"{len(part['rows']):02d}",
        "recipients": number(part["recipients"]),
        "acknowledged": number(part["acknowledged"]),
        "percent": percent(part["acknowledged"], part["recipients"]),
        "reports": number(sum(row["reports"] for row in part["rows"])),
        "annex": annex,
    }


def order_counts(order) -> tuple[int, int]:
    """``(cells delivered in full, cells)`` of one press order of the snapshot."""
    return order["met"], len(order["cells"])


def orders_counts(orders) -> tuple[int, int]:
    """``(cells delivered in full, cells)`` of several press orders of the snapshot, added up."""
    counts = [order_counts(order) for order in orders]
    return sum(met for met, _cells in counts), sum(cells for _met, cells in counts)


def orders_sentence(snapshot, annex) -> str:
    """The press orders in force in the period: how many, the budget, the cells delivered in full (``annex``:
    the number of the annex that lists them)."""
    orders = duty_parts(snapshot)["orders"]
    values = {"lead": in_the_period(snapshot), "issuer": snapshot["issuer"]["name_sentence"]}
    if not orders:
        return _("%(lead)s, no order of %(issuer)s to the press agencies was in force.") % values
    met, cells = orders_counts(orders)
    return _(
        "%(lead)s, %(count)s orders of %(issuer)s to %(press)s press agencies were in force, with a budget of "
        "%(budget)s đồng in all; %(met)s of the %(cells)s quantities ordered (by channel and theme) were delivered in "
        "full (%(percent)s; details in Annex %(annex)s)."
    ) % {
        **values,
        "count": f"{len(orders):02d}",
        "press": f"{len({o['press_agency'] for o in orders}):02d}",
        "budget": number(sum(o["budget"] for o in orders)),
        "met": number(met),
        "cells": number(cells),
        "percent": percent(met, cells),
        "annex": annex,
    }


def content_sentence(snapshot) -> str:
    """The content the agencies provided to the press in the period, and how much the press used."""
    part = duty_parts(snapshot)["content"]
    lead = in_the_period(snapshot)
    if not part["provided"]:
        return _("%(lead)s, no agency, unit or locality recorded content provided to the press agencies.") % {
            "lead": lead
        }
    return _(
        "%(lead)s, %(senders)s agencies, units and localities provided %(provided)s items of content to %(press)s "
        "press agencies; the press used %(used)s of them (%(percent)s)."
    ) % {
        "lead": lead,
        "senders": number(part["senders"]),
        "provided": number(part["provided"]),
        "press": number(part["press"]),
        "used": number(part["used"]),
        "percent": percent(part["used"], part["provided"]),
    }


def movements_sentence(snapshot) -> str:
    """How many movements and occasions the reports attributed results to, and the leading movement."""
    part = duty_parts(snapshot).get("movements") or {}
    movements, occasions = part.get("movements") or [], part.get("occasions") or []
    lead = in_the_period(snapshot)
    if not movements and not occasions:
        return _("%(lead)s, no report attributed its results to an emulation movement or an occasion.") % {"lead": lead}
    sentence = _(
        "%(lead)s, the reports attributed part of their results to %(movements)s emulation movements and "
        "%(occasions)s occasions (a part of the results above, not added to them)."
    ) % {"lead": lead, "movements": f"{len(movements):02d}", "occasions": f"{len(occasions):02d}"}
    if movements:
        top = max(movements, key=lambda m: m["items"])
        sentence += " " + _(
            "The most propagated movement was %(name)s: %(items)s products and activities by %(agencies)s agencies, "
            "units and localities."
        ) % {"name": top["name"], "items": number(top["items"]), "agencies": number(top["agencies"])}
    return sentence
