"""The footer's public-sector pages, served before Wagtail's catch-all."""

from django.urls import path

from help import views

app_name = "help"

urlpatterns = [
    path("accessibilite/", views.AccessibilityStatementView.as_view(), name="accessibility"),
    path("mentions-legales/", views.LegalNoticeView.as_view(), name="legal_notice"),
]
