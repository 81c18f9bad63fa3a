"""The admin app with the calendar's own site (events/admin_site.py)."""

from django.contrib.admin.apps import AdminConfig


class CalendarAdminConfig(AdminConfig):
    default_site = "events.admin_site.CalendarAdminSite"
