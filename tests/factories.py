"""Test data factories, in one place (factory-boy)."""

import factory
from django.contrib.auth.models import Group

from agencies import roles as r
from agencies.models import AdministrativeUnit, Agency, User


class AdministrativeUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdministrativeUnit
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"U{n:03d}")
    name = factory.Sequence(lambda n: f"Huyện Thử Nghiệm {n}")
    level = AdministrativeUnit.Level.DISTRICT


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"AG-{n:04d}")
    name = factory.Sequence(lambda n: f"Sở Thử Nghiệm số {n}")
    short_name = factory.Sequence(lambda n: f"Sở TN {n}")
    kind = Agency.Kind.DEPARTMENT
    unit = factory.SubFactory(AdministrativeUnitFactory)
    must_report = True


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Người Dùng {n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.vn")
    password = factory.django.Password("password-for-tests")
    agency = factory.SubFactory(AgencyFactory)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        """``UserFactory(roles=["clerk"])`` puts the user in those role groups."""
        if not create or not extracted:
            return
        for role in extracted:
            group, _ = Group.objects.get_or_create(name=role)
            self.groups.add(group)
        self.is_staff = bool(set(extracted) & r.STAFF_ROLES)
        self.is_superuser = r.ADMIN in extracted
        self.save(update_fields=["is_staff", "is_superuser"])
