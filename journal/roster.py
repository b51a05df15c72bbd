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
