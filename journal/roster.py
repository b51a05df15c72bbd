"""Who is in a subgroup: the students a lesson's page, the grid and the services work with."""

from contingent.models import Student, StudentStatus


def roster(subgroup):
    """The students of the subgroup, by name: the whole class for the "main" subgroup, the chosen
    students otherwise. Only those who study now; people who left keep their marks in history."""
    qs = Student.objects.filter(status=StudentStatus.STUDYING).select_related("person")
    if subgroup.kind == "main":
        return qs.filter(school_class_id=subgroup.class_subject.school_class_id)
    return qs.filter(pk__in=subgroup.students.values("pk"))


def roster_ids(subgroup, on=None):
    return set(roster(subgroup).values_list("pk", flat=True))


def roster_sql(subgroup, alias):
    """roster(subgroup) as an SQL condition on the student table under `alias`, with its parameters:
    for the hand-written statements of a tap, which the ORM would take longer to compile than
    PostgreSQL to run."""
    if subgroup.kind == "main":
        return (
            f"({alias}.status = %s AND {alias}.school_class_id = %s)",
            [StudentStatus.STUDYING, subgroup.class_subject.school_class_id],
        )
    through = Student.subgroups.through._meta
    return (
        f"({alias}.status = %s AND {alias}.id IN (SELECT student_id FROM {through.db_table} "
        "WHERE subgroup_id = %s))",
        [StudentStatus.STUDYING, subgroup.pk],
    )
