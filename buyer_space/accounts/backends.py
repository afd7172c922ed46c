"""Authentication by e-mail address.

Buyers' accounts are Django users whose ``username`` is their e-mail address in lower case, so the
login is the address whatever case it is typed in. This module imports no model of the plugin:
the settings name it, and ``core_only`` settings leave it out.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


def normalise_login(value):
    """The form in which a login is stored and counted: trimmed, lower case."""
    return (value or "").strip().lower()


def axes_username(request, credentials):
    """The login django-axes counts failures against: ``Jean@X.fr`` and ``jean@x.fr`` are one."""
    username = (credentials or {}).get("username")
    if username is None and request is not None:
        username = getattr(request, "POST", {}).get("username")
    return normalise_login(username)


class EmailBackend(ModelBackend):
    """Authenticates ``username`` (an e-mail address or a staff login) case-insensitively."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        User = get_user_model()
        if username is None:
            username = kwargs.get(User.USERNAME_FIELD)
        if not username or password is None:
            return None
        login = normalise_login(username)
        user = User._default_manager.filter(username__iexact=login).order_by("pk").first()
        if user is None:
            # Hash anyway, so that an unknown address takes as long as a wrong password.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
