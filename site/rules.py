import rules


@rules.predicate
def is_staff_member(user):
    """Centre staff: an active account with Django's staff status, or an active superuser.

    Staff status is what makes centre staff; reaching the Wagtail admin
    (``wagtailadmin.access_admin``) alone does not (an editor may have it). What a staff member
    may do beyond that is a model permission, combined with this predicate by each app's rules.
    """
    return bool(user is not None and user.is_active and (user.is_staff or user.is_superuser))
