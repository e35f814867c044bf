"""The two roles: the municipality's quality developer and a provider user."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from register.models import Provider

QUALITY_DEVELOPER_GROUP = "Kvalitetsutvecklare"


def is_quality_developer(user: AbstractBaseUser | AnonymousUser) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return user.is_staff and user.groups.filter(name=QUALITY_DEVELOPER_GROUP).exists()


def provider_of(user: AbstractBaseUser | AnonymousUser) -> Provider | None:
    """The one provider a provider user belongs to, or None."""
    if not user.is_authenticated or not user.is_active:
        return None
    membership = getattr(user, "provider_membership", None)
    return membership.provider if membership else None
