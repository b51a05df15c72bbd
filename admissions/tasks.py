"""Background tasks of the admission (django-tasks: the project's database is the queue, run by
`manage.py db_worker`)."""

from django.conf import settings
from django.core.mail import send_mail
from django_tasks import task


@task()
def send_parent_mail(email, subject, body):
    """A parent's e-mail about a change of status: sent by the worker, so a slow or absent mail
    server costs the secretary's request nothing; a failure stays in the task's record."""
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [email])
