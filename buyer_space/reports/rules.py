"""Who runs the ledger's imports and the reports in the admin: the centre's staff holding the
model permission (the reports themselves are read through ``space``'s data-file rules)."""

import rules

from espace_site.rules import is_staff_member


@rules.predicate
def holds_import_permission(user):
    return user.has_perm("reports.add_ledgerimport")


@rules.predicate
def holds_import_view_permission(user):
    return any(user.has_perm(f"reports.{action}_ledgerimport") for action in ("view", "add"))


@rules.predicate
def holds_report_permission(user):
    return user.has_perm("reports.add_report")


@rules.predicate
def holds_schedule_permission(user):
    return user.has_perm("django_celery_beat.change_periodictask")


rules.add_perm("reports.import_ledger", is_staff_member & holds_import_permission)
rules.add_perm("reports.view_imports", is_staff_member & holds_import_view_permission)
rules.add_perm("reports.generate_reports", is_staff_member & holds_report_permission)
rules.add_perm("reports.change_schedule", is_staff_member & holds_schedule_permission)
