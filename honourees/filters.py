import django_filters
from django.utils.translation import gettext_lazy as _

from agencies.models import AdministrativeUnit
from campaigns.models import Movement

from .models import EthnicGroup, Honouree

ALL = _("All")


class HonoureeFilter(django_filters.FilterSet):
    """The staff list's search: name, unit, category, movement, field, ethnicity, status.

    The selects' querysets load only the names their options show (a movement's description is long).
    """

    q = django_filters.CharFilter(label=_("Search"), method="filter_search")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Honouree.Status.choices, empty_label=ALL)
    category = django_filters.ChoiceFilter(label=_("Category"), choices=Honouree.Category.choices, empty_label=ALL)
    unit = django_filters.ModelChoiceFilter(
        label=_("Administrative unit"),
        queryset=AdministrativeUnit.objects.filter(level__in=["province", "district"])
        .order_by("level", "name")
        .only("name"),
        method="filter_unit",
        empty_label=ALL,
    )
    movement = django_filters.ModelChoiceFilter(
        label=_("Movement"), queryset=Movement.objects.order_by("name").only("name"), empty_label=ALL
    )
    field = django_filters.ChoiceFilter(label=_("Field"), choices=Honouree.Field.choices, empty_label=ALL)
    ethnic_group = django_filters.ModelChoiceFilter(
        label=_("Ethnic group"), queryset=EthnicGroup.objects.only("name"), empty_label=ALL
    )

    class Meta:
        model = Honouree
        fields = ["q", "status", "category", "unit", "movement", "field", "ethnic_group"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.form.fields.items():
            field.widget.attrs["class"] = "form-control" if name == "q" else "form-select"

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    def filter_unit(self, queryset, name, value):
        return queryset.in_district(value)
