"""The dashboard's channel and theme tables, written by tags (``channel_rows``, ``theme_rows``): the same markup
as the template loops they replaced (kept here as the reference), in both languages, with and without the
comparison columns; and on the page of the hand-computed province."""

import pytest
from django.template import engines
from django.urls import reverse
from django.utils import translation

from province.templatetags.dashboard_tags import channel_rows, theme_rows
from tests.province.compiled_data import make_province

# The template loops the tags replaced, as they were in province/dashboard.html.
CHANNELS = (
    "{% load humanize %}"
    '{% for channel in data.channels %}<tr class="table-light"><th colspan="5">{{ channel.code }}. {{ channel.name }}'
    "</th></tr>\n      {% for m in channel.metrics %}<tr><td>{{ m.name }}</td>"
    '<td class="text-start small text-body-secondary">{{ m.unit }}</td><td>{{ m.total|intcomma }}</td>'
    "{% if data.comparison.previous %}<td>{{ m.previous|intcomma }}</td>{% endif %}"
    "{% if data.comparison.year_before %}<td>{{ m.year_before|intcomma }}</td>{% endif %}</tr>{% endfor %}\n    "
    "{% endfor %}"
)
THEMES = (
    "{% load humanize %}{% for t in themes %}<tr><td><strong>{{ t.code }}</strong> {{ t.name }}</td>"
    "<td>{{ t.items|intcomma }}</td><td>{{ t.agencies }}</td></tr>{% endfor %}"
)


def _metric(name, unit, total, previous, year_before):
    return {"name": name, "unit": unit, "total": total, "previous": previous, "year_before": year_before}


DATA = {
    "channels": [
        {
            "code": "HT<1>",
            "name": 'Báo & "đài"',
            "metrics": [
                _metric("Số tin, bài", "tin, bài", 1_234_567, 999, None),
                _metric("<Thời lượng>", "phút", 0, -12_000, 1_000),
            ],
        },
        {"code": "HT2", "name": "Mạng xã hội", "metrics": []},
        {"code": "HT3", "name": "Hội nghị", "metrics": [_metric("Số buổi", "buổi", 7, 1.5, 12_345)]},
    ],
    "themes": [
        {"code": "ND1", "name": "Pháp luật <thi đua>", "items": 142_252, "agencies": 1_239},
        {"code": "N&2", "name": "Khen thưởng", "items": 0, "agencies": 0},
    ],
}


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize(
    "comparison",
    [
        {"previous": None, "year_before": None},
        {"previous": {"code": "2024-Q1"}, "year_before": None},
        {"previous": {"code": "2024-Q1"}, "year_before": {"code": "2023-Q2"}},
    ],
)
def test_the_tags_write_what_the_template_loops_wrote(language, comparison):
    data = {**DATA, "comparison": comparison}
    engine = engines["django"]
    with translation.override(language):
        assert channel_rows(data) == engine.from_string(CHANNELS).render({"data": data})
        assert theme_rows(data["themes"]) == engine.from_string(THEMES).render({"themes": data["themes"]})
    # Escaped, and the thousands grouped in the language's way.
    with translation.override("vi"):
        html = channel_rows(data)
    assert '<th colspan="5">HT&lt;1&gt;. Báo &amp; &quot;đài&quot;</th>' in html
    assert "<td>1.234.567</td>" in html


def test_the_page_shows_the_tables(client, reviewer, db):
    make_province()
    client.force_login(reviewer)
    html = client.get(reverse("compiled:dashboard"), {"period": "2024-Q2"}).content.decode()
    channels = html.split('data-testid="channel-table"')[1].split("</table>")[0]
    # A's 2024-Q2 articles with B's, C's three months (63), the previous quarter's (A's 30), a year before (A's 20).
    assert "<td>63</td><td>30</td><td>20</td></tr>" in channels
    themes = html.split('data-testid="theme-table"')[1].split("</table>")[0]
    assert "<tr><td><strong>ND1</strong> " in themes
    assert "</td><td>45</td><td>" in themes
