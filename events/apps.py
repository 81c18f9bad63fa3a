from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Calendar")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from events import checks, signals  # noqa: F401  (registers checks, connects receivers)
        from events.delivery import stamp  # noqa: F401  (keeps the cached stamp current)
        from events.roles import post_migrate_editors

        # After Django's own receiver has created the permissions (it connects first).
        post_migrate.connect(post_migrate_editors, sender=self)
