"""The footer's public-sector pages and the webconferences' calendar, served before
Wagtail's catch-all."""

from django.urls import path

from help import views

app_name = "help"

urlpatterns = [
    path("accessibilite/", views.AccessibilityStatementView.as_view(), name="accessibility"),
    path("mentions-legales/", views.LegalNoticeView.as_view(), name="legal_notice"),
    # At the demo tree's address of the webconferences (/aide/webconferences/).
    path(
        "aide/webconferences/calendrier.ics",
        views.webconference_calendar,
        name="webconference_calendar_ics",
    ),
]
