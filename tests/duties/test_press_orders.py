"""Press commissioning (đặt hàng): ordered vs delivered per cell, from the press agency's accepted figures."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Metric, Theme
from duties import selectors
from duties.models import PressOrder, PressOrderLine
from tests.reports.factories import PeriodFactory, ReportFactory, add_figure

D = datetime.date


@pytest.fixture
def cells(plan):
    def metric(code):
        return Metric.objects.get(channel__plan=plan, code=code)

    def theme(code):
        return Theme.objects.get(plan=plan, code=code)

    return {
        "articles": metric("articles"),
        "broadcasts": metric("broadcasts"),
        "web_posts": metric("web_posts"),
        **{f"ND{i}": theme(f"ND{i}") for i in range(1, 9)},
    }


def _period(plan, number, start, end):
    deadline, lock = end + datetime.timedelta(days=5), end + datetime.timedelta(days=30)
    return PeriodFactory(plan=plan, number=number, start=start, end=end, deadline=deadline, lock_date=lock)


def _report(agency, period, status="accepted"):
    return ReportFactory(agency=agency, period=period, status=status, submitted_at=timezone.now())


@pytest.fixture
def order(plan, cells, agency_a, agency_b, reviewer):
    """The issue's example: 24 articles on theme 7 and 12 broadcasts on theme 5, plus 4 web posts on theme 2."""
    c = cells
    order = PressOrder.objects.create(
        plan=plan,
        issuer=reviewer.agency,
        press_agency=agency_a,
        number="05/ĐH-STTTT",
        ordered_on=D(2098, 12, 20),
        period_start=D(2099, 1, 1),
        period_end=D(2099, 6, 30),
        budget=150_000_000,
    )
    for metric, theme, quantity in (("articles", "ND7", 24), ("broadcasts", "ND5", 12), ("web_posts", "ND2", 4)):
        PressOrderLine.objects.create(order=order, metric=c[metric], theme=c[theme], quantity=quantity)
    q1 = _report(agency_a, _period(plan, 1, D(2099, 1, 1), D(2099, 3, 31)))
    q2 = _report(agency_a, _period(plan, 2, D(2099, 4, 1), D(2099, 6, 30)))
    add_figure(q1, c["articles"], c["ND7"], 10)
    add_figure(q1, c["broadcasts"], c["ND5"], 13)  # over the 12 ordered: allowed and shown
    add_figure(q2, c["articles"], c["ND7"], 5)
    add_figure(q2, c["web_posts"], c["ND1"], 3)  # not ordered: ignored
    # Not counted: a period reaching past the order's end, a report not accepted, another agency's figures.
    straddling = _period(plan, 3, D(2099, 6, 15), D(2099, 7, 14))
    add_figure(_report(agency_a, straddling), c["articles"], c["ND7"], 100)
    submitted = _period(plan, 4, D(2099, 2, 1), D(2099, 2, 28))
    add_figure(_report(agency_a, submitted, "submitted"), c["web_posts"], c["ND2"], 50)
    add_figure(_report(agency_b, q1.period), c["articles"], c["ND7"], 70)
    return order


def test_delivery_by_hand(order):
    delivery = selectors.order_delivery(order)
    rows = [(r["metric"].code, r["theme"].code, r["ordered"], r["delivered"], r["rate"]) for r in delivery["rows"]]
    assert sorted(rows) == [
        ("articles", "ND7", 24, 15, 62.5),  # 10 + 5 = 15 of 24
        ("broadcasts", "ND5", 12, 13, 108.3),  # 13 of 12
        ("web_posts", "ND2", 4, 0, 0.0),
    ]
    assert (delivery["met"], delivery["cells"]) == (1, 3)


def test_order_page_for_the_press_agency_and_the_reviewer(client, order, clerk_a, clerk_b, reviewer):
    url = reverse("duties:order_detail", args=[order.pk])
    for user in (clerk_a, reviewer):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        assert "150.000.000" in html  # whole đồng
        assert ">108,3%</td>" in html
        assert "Đã thực hiện đủ 1/3 nội dung đặt hàng." in html
    client.force_login(clerk_b)
    assert client.get(url).status_code == 404
    assert order.number not in client.get(reverse("duties:order_list")).content.decode()


def _post_data(cells, agency, lines, **overrides):
    data = {
        "press_agency": agency.pk,
        "number": "07/ĐH-STTTT",
        "ordered_on": "02/01/2099",
        "period_start": "01/01/2099",
        "period_end": "31/12/2099",
        "budget": "250000000",
        "note": "",
        "lines-TOTAL_FORMS": "6",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "1000",
    }
    for i, (metric, theme, quantity) in enumerate(lines):
        data |= {
            f"lines-{i}-metric": cells[metric].pk,
            f"lines-{i}-theme": cells[theme].pk,
            f"lines-{i}-quantity": quantity,
        }
    data.update(overrides)
    return data


def test_reviewer_records_an_order(client, plan, cells, agency_a, reviewer, monkeypatch):
    monkeypatch.setattr("duties.views.current_plan", lambda: plan)
    client.force_login(reviewer)
    assert client.get(reverse("duties:order_create")).status_code == 200
    response = client.post(
        reverse("duties:order_create"),
        _post_data(cells, agency_a, [("articles", "ND7", 24), ("broadcasts", "ND5", 12)]),
    )
    assert response.status_code == 302
    order = PressOrder.objects.get()
    assert (order.issuer, order.budget, order.created_by) == (reviewer.agency, 250_000_000, reviewer)
    assert sorted(order.lines.values_list("metric__code", "theme__code", "quantity")) == [
        ("articles", "ND7", 24),
        ("broadcasts", "ND5", 12),
    ]


@pytest.mark.parametrize(
    ("overrides", "lines", "message"),
    [
        ({"budget": "-1"}, [("articles", "ND7", 24)], "Kinh phí không được là số âm."),
        ({"budget": "1,5"}, [("articles", "ND7", 24)], "Nhập kinh phí bằng số đồng chẵn, chỉ gồm chữ số."),
        ({"budget": "2.5e6"}, [("articles", "ND7", 24)], "Nhập kinh phí bằng số đồng chẵn, chỉ gồm chữ số."),
        ({}, [("articles", "ND7", -3)], "Số lượng đặt hàng phải là số nguyên từ 1 trở lên."),
        ({}, [("articles", "ND7", 0)], "Số lượng đặt hàng phải là số nguyên từ 1 trở lên."),
        ({}, [("articles", "ND7", 2), ("articles", "ND7", 3)], "Chỉ tiêu và nội dung này đã có trong đơn đặt hàng."),
        ({}, [], "Nhập ít nhất một số lượng đặt hàng."),
        ({"period_end": "31/12/2098"}, [("articles", "ND7", 1)], "Ngày kết thúc trước ngày bắt đầu."),
    ],
)
def test_bad_orders_are_refused_and_nothing_is_saved(
    client, plan, cells, agency_a, reviewer, monkeypatch, overrides, lines, message
):
    monkeypatch.setattr("duties.views.current_plan", lambda: plan)
    client.force_login(reviewer)
    response = client.post(reverse("duties:order_create"), _post_data(cells, agency_a, lines, **overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not PressOrder.objects.exists()
    assert not PressOrderLine.objects.exists()


@pytest.mark.parametrize("n", [1, 3])
def test_order_pages_run_a_fixed_number_of_queries(client, order, reviewer, n, django_assert_num_queries):
    for i in range(n - 1):
        copy = PressOrder.objects.create(
            plan=order.plan,
            issuer=order.issuer,
            press_agency=order.press_agency,
            number=f"X{i}",
            ordered_on=order.ordered_on,
            period_start=order.period_start,
            period_end=order.period_end,
            budget=1,
        )
        for line in order.lines.all():
            PressOrderLine.objects.create(order=copy, metric=line.metric, theme=line.theme, quantity=line.quantity)
    client.force_login(reviewer)
    client.get(reverse("duties:order_list"))
    with django_assert_num_queries(4):  # session, user, roles, the orders with their cell counts
        response = client.get(reverse("duties:order_list"))
    assert response.content.decode().count('fw-semibold"><a href="/duties/orders/') == n
    with django_assert_num_queries(6):  # session, user, roles, the order, its cells, the delivered sums
        assert client.get(reverse("duties:order_detail", args=[order.pk])).status_code == 200


def test_orders_in_period_agree_with_each_order_in_two_queries(order, django_assert_num_queries):
    with django_assert_num_queries(2):
        orders = selectors.orders_in_period(D(2099, 6, 1), D(2099, 6, 30))
    assert [(o.pk, o.number, o.press_agency) for o in orders] == [(order.pk, order.number, order.press_agency.name)]
    alone = selectors.order_delivery(order)
    named = [
        {
            "channel": row["metric"].channel.short_name,
            "metric": row["metric"].name,
            "unit": row["metric"].unit,
            "theme": row["theme"].code,
            "metric_id": row["metric"].pk,
            "theme_id": row["theme"].pk,
            **{key: row[key] for key in ("ordered", "delivered", "rate")},
        }
        for row in alone["rows"]
    ]
    assert orders[0].delivery == {**alone, "rows": named}
    with django_assert_num_queries(1):  # no order: no figure read
        assert selectors.orders_in_period(D(2099, 7, 1), D(2099, 9, 30)) == []  # after the order's dates
