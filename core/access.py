"""Writing the access log (DESIGN rule 8): who looked at or exported which record, never the data."""

from core.models import AccessLog


def log_access(request, action, obj=None, description="", school=None):
    if obj is not None:
        object_type = obj._meta.label_lower
        object_id = str(obj.pk)
        school = school or getattr(obj, "school", None)
    else:
        object_type, object_id = "", ""
    AccessLog.objects.create(
        user=request.user,
        school=school or getattr(request, "school", None),
        action=action,
        object_type=object_type[:100],
        object_id=object_id,
        description=str(description)[:255],
        path=request.get_full_path()[:500],
    )
