"""Period pickers read periods as tuples (``PeriodOption``) and write their options in one pass."""

from django.template import Context, Template
from django.utils import translation

from reports import selectors
from reports.models import ReportingPeriod
from tests.reports.factories import PeriodFactory


def test_a_period_option_holds_every_column_and_becomes_the_same_period(plan):
    period = PeriodFactory(plan=plan, number=2)
    assert selectors.PeriodOption._fields == tuple(f.attname for f in ReportingPeriod._meta.concrete_fields)
    (option,) = selectors.period_options(ReportingPeriod.objects.filter(pk=period.pk))
    again = option.as_period()
    assert again == period
    assert not again._state.adding  # saved through the model, it updates the row
    assert [getattr(again, f.attname) for f in ReportingPeriod._meta.concrete_fields] == [
        getattr(period, f.attname) for f in ReportingPeriod._meta.concrete_fields
    ]
    assert (option.pk, option.label) == (period.pk, period.label)


def test_period_options_mark_the_chosen_period_in_the_interface_language(plan):
    PeriodFactory(plan=plan, number=1)
    PeriodFactory(plan=plan, number=2)
    options = selectors.period_options(ReportingPeriod.objects.filter(plan=plan).order_by("number"))
    template = Template('{% load reports_tags %}{% period_options periods chosen "label-first" %}')
    with translation.override("en"):
        html = template.render(Context({"periods": options, "chosen": options[1].code}))
    assert html == (
        '<option value="2099-Q1">Quarter I/2099 (2099-Q1)</option>'
        '<option value="2099-Q2" selected>Quarter II/2099 (2099-Q2)</option>'
    )
    with translation.override("vi"):
        html = template.render(Context({"periods": options, "chosen": "2099-Q1"}))
    assert html.startswith('<option value="2099-Q1" selected>Quý I/2099 (2099-Q1)</option>')
