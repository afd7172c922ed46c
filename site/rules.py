import rules


@rules.predicate
def is_staff_member(user):
    """Centre staff: the people working in the Wagtail admin."""
    return bool(user is not None and user.is_active and (user.is_staff or user.is_superuser))


@rules.predicate
def is_centre_staff(user):
    """An active member of the centre's staff: a superuser or a user with Wagtail admin access."""
    return bool(
        user.is_active and (user.is_superuser or user.has_perm("wagtailadmin.access_admin"))
    )
