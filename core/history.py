"""Reading pghistory events for a History tab (ORG-7): who, when, what changed from what to what."""

from django.apps import apps
from django.contrib.auth import get_user_model
from pghistory.models import Events


def events_of(obj, include_related=False):
    """Events of the object itself, or of every tracked row that references it (a personal file's parts)."""
    return Events.objects.references(obj) if include_related else Events.objects.tracks(obj)


def history_rows(events, limit=200):
    """Events newest first, with the acting users resolved in one query."""
    # Events of one transaction share its timestamp; the event id keeps their order.
    rows = list(events.order_by("-pgh_created_at", "-pgh_id")[:limit])
    user_ids = {r.pgh_context.get("user") for r in rows if r.pgh_context and r.pgh_context.get("user")}
    users = {u.pk: u for u in get_user_model().objects.filter(pk__in=user_ids).select_related("person")}
    result = []
    for r in rows:
        ctx = r.pgh_context or {}
        diff = r.pgh_diff or {}
        model = apps.get_model(r.pgh_model)
        names = {f.attname: f.verbose_name for f in model._meta.fields}
        changes = [
            {"field": names.get(field, field), "old": values[0], "new": values[1]}
            for field, values in diff.items()
            if field not in ("id", "pgh_id")
        ]
        result.append(
            {
                "at": r.pgh_created_at,
                "label": r.pgh_label,
                "model": r.pgh_model,
                "user": users.get(ctx.get("user")),
                "url": ctx.get("url", ""),
                "changes": changes,
                "snapshot": r.pgh_data if not changes else None,
            }
        )
    return result
