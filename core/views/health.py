"""/healthz for the load balancer: the application answers and its database answers."""

import logging

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from core.permissions import PUBLIC

logger = logging.getLogger(__name__)


@login_not_required
@never_cache
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # noqa: BLE001  (any database failure means "take me out")
        logger.error("health check: the database does not answer: %s", type(error).__name__)
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


healthz.permission_required = PUBLIC
