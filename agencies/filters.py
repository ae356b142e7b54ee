import django_filters
from django.utils.translation import gettext_lazy as _

from .models import AdministrativeUnit, Agency


class AgencyFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_search")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Agency.Kind.choices)
    unit = django_filters.ModelChoiceFilter(
        label=_("Administrative unit"),
        queryset=AdministrativeUnit.objects.filter(level__in=["province", "district"]).order_by("level", "name"),
    )

    class Meta:
        model = Agency
        fields = ["q", "kind", "unit"]

    def filter_search(self, queryset, name, value):
        return queryset.search(value)
