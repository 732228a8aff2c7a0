import pytest
from django.db import IntegrityError, transaction

from partners.models import Membership
from tests.factories import MembershipFactory, MunicipalityFactory, OrganisationFactory, UserFactory


@pytest.mark.django_db
def test_organisation_user_belongs_to_an_organisation_not_a_municipality():
    user = UserFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(
            user=user, role=Membership.Role.ORGANISATION_USER, municipality=MunicipalityFactory()
        )
    membership = Membership.objects.create(
        user=user, role=Membership.Role.ORGANISATION_USER, organisation=OrganisationFactory()
    )
    assert membership.pk


@pytest.mark.django_db
def test_municipal_roles_need_a_municipality():
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(
            user=UserFactory(), role=Membership.Role.ALDERMAN, organisation=OrganisationFactory()
        )


@pytest.mark.django_db
def test_a_role_is_held_once_per_municipality():
    membership = MembershipFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(
            user=membership.user, role=membership.role, municipality=membership.municipality
        )
