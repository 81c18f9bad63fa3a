"""The editor role: a group with exactly the permissions to keep the calendar.

Kept up to date after every migrate (Django creates its permissions the same
way), so a new proxy or model's permissions join the group without a hand step.
"""

from __future__ import annotations

EDITORS = "Editors"
# Models editors may add, change, delete and view; history they may view.
EDITED_MODELS = [
    "event",
    "exercise",
    "chairmanshipterm",
    "summit",
    "operation",
    "milestone",
    "exerciseseries",
    "statement",
    "webhook",
]

VIEWED_MODELS = ["historicalevent", "statementsentence", "citation"]
# What readers were told of the changes: written by the calendar; editors may look,
# and withdraw an entry told by mistake.
WITHDRAWN_MODELS = ["change"]
# Deliveries are only read, and retried (which needs their change permission).
RETRIED_MODELS = ["webhookdelivery"]


def editor_permission_codenames() -> set[str]:
    codenames = {
        f"{action}_{model}"
        for model in EDITED_MODELS
        for action in ("add", "change", "delete", "view")
    }
    viewed = {f"view_{model}" for model in VIEWED_MODELS + WITHDRAWN_MODELS}
    withdrawn = {f"delete_{model}" for model in WITHDRAWN_MODELS}
    retried = {f"{action}_{model}" for model in RETRIED_MODELS for action in ("change", "view")}
    return codenames | viewed | withdrawn | retried


def ensure_editors_group(*, using: str = "default") -> None:
    from django.contrib.auth.models import Group, Permission

    group, _created = Group.objects.using(using).get_or_create(name=EDITORS)
    permissions = Permission.objects.using(using).filter(
        content_type__app_label="events", codename__in=editor_permission_codenames()
    )
    group.permissions.set(permissions)


def post_migrate_editors(sender, using: str = "default", **kwargs) -> None:
    if sender.name == "events":
        ensure_editors_group(using=using)
