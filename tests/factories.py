"""factory_boy factories for people and organisations, shared by every test package."""

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from marketplace.accounts.models import (
    Membership,
    Organisation,
    OrganisationSize,
    PublicSectorType,
    Role,
    Side,
    User,
    VerificationStatus,
)

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified_email(obj, create, extracted, **kwargs):
        """Every factory user has a verified primary email address unless verified_email=False."""
        if create and extracted is not False:
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)


class OrganisationFactory(factory.django.DjangoModelFactory):
    """A supplier by default."""

    class Meta:
        model = Organisation

    kind = Side.SUPPLIER
    name = factory.Sequence(lambda n: f"Supplier {n} Ltd")
    companies_house_number = factory.Sequence(lambda n: f"{n + 10000000:08d}")
    address_line_1 = "1 High Street"
    town = "Leeds"
    postcode = "LS1 1AA"
    size = OrganisationSize.SMALL


class BuyerOrganisationFactory(OrganisationFactory):
    kind = Side.BUYER
    name = factory.Sequence(lambda n: f"Public Body {n}")
    companies_house_number = ""
    size = ""
    public_sector_type = PublicSectorType.LOCAL_AUTHORITY
    email_domain = "council.gov.uk"
    email_domain_recognised = True
    verification_status = VerificationStatus.VERIFIED


class OperatorOrganisationFactory(OrganisationFactory):
    kind = Side.OPERATOR
    name = factory.Sequence(lambda n: f"Operator {n}")
    companies_house_number = ""
    size = ""
    verification_status = VerificationStatus.VERIFIED


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.MEMBER


def enrol_totp(user) -> str:
    """Give the user a TOTP authenticator and return its secret."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def member(organisation, role=Role.MEMBER, *, mfa=True, **user_fields) -> User:
    """A user who belongs to `organisation` with `role`; enrolled in TOTP unless mfa=False."""
    user = UserFactory(**user_fields)
    MembershipFactory(user=user, organisation=organisation, role=role)
    if mfa:
        enrol_totp(user)
    return user
