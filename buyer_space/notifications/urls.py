"""The offer bell (subscriptions) and Mes notifications."""

from django.urls import path

from buyer_space.notifications.views import notifications as notification_views
from buyer_space.notifications.views import subscriptions as subscription_views

urlpatterns = [
    # Abonnements aux offres (the bell) and Mes notifications
    path(
        "mon-espace/abonnements/<int:offer_id>/",
        subscription_views.toggle_subscription,
        name="toggle_subscription",
    ),
    path(
        "mon-espace/notifications/",
        notification_views.notification_list,
        name="notifications",
    ),
    path(
        "mon-espace/notifications/tout-marquer-comme-lu/",
        notification_views.mark_all_read,
        name="notifications_mark_all_read",
    ),
    path(
        "mon-espace/notifications/<int:notification_id>/lue/",
        notification_views.mark_read,
        name="notification_mark_read",
    ),
    path(
        "mon-espace/notifications/preferences/",
        subscription_views.preferences,
        name="notification_preferences",
    ),
    path(
        "mon-espace/notifications/preferences/frequence/",
        subscription_views.update_general_frequency,
        name="update_general_frequency",
    ),
    path(
        "mon-espace/notifications/preferences/<int:subscription_id>/",
        subscription_views.update_subscription,
        name="update_subscription",
    ),
]
