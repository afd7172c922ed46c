import rules

from espace_site.rules import is_staff_member

rules.add_perm("audit.view_audit_log", is_staff_member)
