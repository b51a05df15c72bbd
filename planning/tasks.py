"""Background tasks of planning (django-tasks: the project's database is the queue)."""

from django_tasks import task

from .generation import run_generation


@task()
def generate_timetable(timetable_id):
    run_generation(timetable_id)
