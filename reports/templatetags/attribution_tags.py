"""The report page's breakdown by movement and occasion (``reports.models.Attribution``)."""

from django import template

register = template.Library()


@register.simple_tag
def report_attributions(report):
    """The report's breakdown lines with their metric, movement and occasion, in the plan's order (one query)."""
    return list(
        report.attributions.select_related("metric__channel", "movement", "occasion").order_by(
            "metric__channel__order", "metric__order", "pk"
        )
    )
