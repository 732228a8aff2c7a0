"""factory_boy factories for the domain; each builds a valid object with its parents."""

import factory
from factory.django import DjangoModelFactory

from agreements.models import Agreement, Assignment, HoursLine, MoneyLine, PerformanceIndicator
from effects.models import PolicyFramework, SmartGoal, SocietalEffect, Theme
from partners.models import Membership, Municipality, Organisation, User


class MunicipalityFactory(DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"gemeente-{n}")
    name = factory.LazyAttribute(lambda o: f"Gemeente {o.slug.title()}")


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"organisatie-{n}")
    name = factory.LazyAttribute(lambda o: o.slug.replace("-", " ").title())
    kind = Organisation.Kind.WELFARE

    @factory.post_generation
    def municipalities(self, create, extracted, **kwargs):
        if create and extracted:
            self.municipalities.set(extracted)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    password = factory.django.Password("een-lang-wachtwoord")


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    role = Membership.Role.POLICY_OFFICER
    municipality = factory.SubFactory(MunicipalityFactory)
    organisation = None


class PolicyFrameworkFactory(DjangoModelFactory):
    class Meta:
        model = PolicyFramework
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"kader-{n}")
    title = factory.Sequence(lambda n: f"Beleidskader {n}")
    start_year = 2017
    end_year = 2020

    @factory.post_generation
    def municipalities(self, create, extracted, **kwargs):
        if create:
            self.municipalities.set(extracted or [MunicipalityFactory()])


class ThemeFactory(DjangoModelFactory):
    class Meta:
        model = Theme

    framework = factory.SubFactory(PolicyFrameworkFactory)
    code = factory.Sequence(lambda n: str(n + 1))
    name = factory.Sequence(lambda n: f"Thema {n}")


class SocietalEffectFactory(DjangoModelFactory):
    class Meta:
        model = SocietalEffect

    framework = factory.SubFactory(PolicyFrameworkFactory)
    code = factory.Sequence(lambda n: f"1.{n + 1}")
    title = factory.Sequence(lambda n: f"Meer inwoners doen mee ({n})")


class SmartGoalFactory(DjangoModelFactory):
    class Meta:
        model = SmartGoal

    framework = factory.SubFactory(PolicyFrameworkFactory)
    title = factory.Sequence(lambda n: f"Eind 2020 is het aantal sporters met {n}% toegenomen")


class AgreementFactory(DjangoModelFactory):
    class Meta:
        model = Agreement
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"afspraak-{n}")
    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Beschikking {n}")
    hourly_rate = 73

    @factory.post_generation
    def municipalities(self, create, extracted, **kwargs):
        if create:
            self.municipalities.set(extracted or [MunicipalityFactory()])


class AssignmentFactory(DjangoModelFactory):
    class Meta:
        model = Assignment

    agreement = factory.SubFactory(AgreementFactory)
    title = factory.Sequence(lambda n: f"Opdracht {n}")


class HoursLineFactory(DjangoModelFactory):
    class Meta:
        model = HoursLine

    assignment = factory.SubFactory(AssignmentFactory)
    municipality = factory.SubFactory(MunicipalityFactory)
    hours = 100


class MoneyLineFactory(DjangoModelFactory):
    class Meta:
        model = MoneyLine

    assignment = factory.SubFactory(AssignmentFactory)
    municipality = factory.SubFactory(MunicipalityFactory)
    kind = MoneyLine.Kind.COST
    amount = 1000


class PerformanceIndicatorFactory(DjangoModelFactory):
    class Meta:
        model = PerformanceIndicator

    assignment = factory.SubFactory(AssignmentFactory)
    name = factory.Sequence(lambda n: f"Aantal deelnemers {n}")
