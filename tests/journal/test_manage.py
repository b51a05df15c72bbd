"""The deputy's screens: lessons added by hand, exemptions and the school's grading rule (JRN-3, JRN-4)."""

import datetime

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from journal import rules, services
from journal.models import AssessmentSystem, ClosedPeriod, Exemption, GradingRule, Lesson, Mark
from tests.journal.conftest import make_lesson

pytestmark = pytest.mark.django_db


def ru(msgid, **values):
    """What a Russian-speaking user reads (the cast's language), as the page escapes it."""
    with translation.override("ru"):
        return escape(gettext(msgid) % values if values else gettext(msgid))


def _messages(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_the_deputy_adds_a_lesson_the_timetable_lacks_and_it_is_kept_like_any_other(cast, jw, login):
    """covers JRN-3"""
    client = login(cast.deputy_director)
    url = reverse("journal:extra_lessons")
    assert client.get(url).status_code == 200
    day = jw.period2.start + datetime.timedelta(days=1)
    response = client.post(
        url,
        {
            "school_class": jw.class_subject.school_class_id,
            "subgroup": jw.subgroup.pk,
            "date": day.isoformat(),
            "number": 7,
            "topic": "  Консультация перед СОЧ ",
        },
        follow=True,
    )
    lesson = Lesson.objects.get(subgroup=jw.subgroup, date=day, number=7)
    assert lesson.timetable_lesson_id is None and lesson.period == jw.period2
    assert lesson.topic == "Консультация перед СОЧ" and lesson.teacher == jw.subgroup.teacher
    assert "Консультация перед СОЧ" in response.content.decode()
    assert apps.get_model("journal", "LessonEvent").objects.filter(pgh_obj_id=lesson.pk).exists()
    # the subject's teacher keeps it like a lesson of the timetable
    services.mark_set(acting_user=cast.teacher, lesson=lesson, student=jw.students[0], kind="fo", value=9)
    grid = login(cast.teacher).get(
        reverse("journal:grid", args=[jw.subgroup.pk]) + f"?period={jw.period2.pk}"
    )
    assert day.strftime("%d.%m") in grid.content.decode()


def test_a_lesson_by_hand_is_refused_outside_the_periods_in_a_closed_one_or_on_a_taken_slot(cast, jw, login):
    """covers JRN-3 JRN-4"""
    client = login(cast.deputy_director)
    url = reverse("journal:extra_lessons")
    before = Lesson.objects.count()
    cls = jw.class_subject.school_class_id
    far = jw.period2.end + datetime.timedelta(days=400)
    response = client.post(
        url, {"school_class": cls, "subgroup": jw.subgroup.pk, "date": far.isoformat(), "number": 2}
    )
    assert ru("The date is outside the periods of the subject's academic year.") in response.content.decode()
    response = client.post(
        url,
        {"school_class": cls, "subgroup": jw.subgroup.pk, "date": jw.lesson.date.isoformat(), "number": 1},
    )
    assert ru("This subgroup already has a lesson at this time.") in response.content.decode()
    ClosedPeriod.objects.create(period=jw.period1, closed_by=cast.director)
    response = client.post(
        url,
        {"school_class": cls, "subgroup": jw.subgroup.pk, "date": jw.period1.start.isoformat(), "number": 2},
    )
    assert ru("The period is closed: no lesson is added to it.") in response.content.decode()
    # another school's journal page is not a choice; a number off the bells is a field error
    response = client.post(
        url,
        {
            "school_class": cls,
            "subgroup": jw.other_subgroup.pk,
            "date": jw.lesson.date.isoformat(),
            "number": 2,
        },
    )
    assert response.status_code == 200 and response.context["form"].errors.get("subgroup")
    response = client.post(
        url,
        {"school_class": cls, "subgroup": jw.subgroup.pk, "date": jw.lesson.date.isoformat(), "number": 40},
    )
    assert response.context["form"].errors.get("number")
    assert Lesson.objects.count() == before
    # a teacher has no such screen
    assert login(cast.teacher).get(url).status_code == 403


def test_a_lesson_by_hand_chooses_the_class_first_then_one_of_its_journal_pages(cast, jw, login):
    """covers JRN-3"""
    from planning.models import ClassSubject, Subgroup
    from tests.journal.conftest import subject

    client = login(cast.deputy_director)
    url = reverse("journal:extra_lessons")
    class_b = jw.contingent.class_b
    physics_b = Subgroup.objects.create(
        class_subject=ClassSubject.objects.create(
            school_class=class_b,
            subject=subject("Физика", "Физика", "Physics"),
            academic_year=cast.year_a,
            weekly_hours=2,
        ),
        kind="main",
        teacher=jw.teacher,
    )
    # the page lists the classes, not every journal page of the school
    form = client.get(url).context["form"]
    assert {c.pk for c in form.fields["school_class"].queryset} >= {
        jw.class_subject.school_class_id,
        class_b.pk,
    }
    assert not form.fields["subgroup"].queryset.exists()
    # choosing a class brings its journal pages only; another school's class brings none
    options = client.get(
        reverse("journal:extra_lesson_subgroups"), {"school_class": class_b.pk}
    ).content.decode()
    assert f'value="{physics_b.pk}"' in options and f'value="{jw.subgroup.pk}"' not in options
    assert "Физика · 5 Б" in options
    foreign = client.get(
        reverse("journal:extra_lesson_subgroups"),
        {"school_class": jw.other_subgroup.class_subject.school_class_id},
    ).content.decode()
    assert foreign == '<option value="">---------</option>'
    # a journal page of another class than the chosen one is refused, nothing saved
    day = jw.period2.start + datetime.timedelta(days=1)
    response = client.post(
        url, {"school_class": class_b.pk, "subgroup": jw.subgroup.pk, "date": day.isoformat(), "number": 7}
    )
    assert response.status_code == 200 and response.context["form"].errors.get("subgroup")
    assert f'value="{physics_b.pk}"' in response.content.decode()  # the chosen class's pages stay offered
    assert not Lesson.objects.filter(date=day, number=7).exists()
    client.post(
        url, {"school_class": class_b.pk, "subgroup": physics_b.pk, "date": day.isoformat(), "number": 7}
    )
    assert Lesson.objects.get(date=day, number=7).subgroup == physics_b


def test_a_lesson_by_hand_is_removed_only_while_nothing_is_recorded_in_it(cast, jw, login):
    """covers JRN-3"""
    client = login(cast.deputy_director)
    spare = make_lesson(jw.subgroup, jw.period2, jw.lesson.date, number=6)
    services.attendance_set(
        acting_user=cast.teacher, lesson=jw.lesson, student=jw.students[0], status="absent"
    )
    response = client.post(reverse("journal:extra_lesson_remove", args=[jw.lesson.pk]), follow=True)
    assert [escape(m) for m in _messages(response)] == [
        ru("The lesson already has attendance or marks: it stays in the journal.")
    ]
    assert Lesson.objects.filter(pk=jw.lesson.pk).exists()
    client.post(reverse("journal:extra_lesson_remove", args=[spare.pk]))
    assert not Lesson.objects.filter(pk=spare.pk).exists()
    # another school's lesson is a 404
    assert client.post(reverse("journal:extra_lesson_remove", args=[jw.other_lesson.pk])).status_code == 404


def test_an_exempt_student_gets_no_marks_and_osv_as_the_period_mark(cast, jw, login):
    """covers JRN-4"""
    client = login(cast.deputy_director)
    url = reverse("journal:exemptions")
    child = jw.students[1]
    response = client.post(
        url,
        {
            "student": child.pk,
            "subject": jw.subject.pk,
            "starts": jw.period2.start.isoformat(),
            "ends": jw.period2.end.isoformat(),
            "reason": "Справка ВКК №12",
        },
        follow=True,
    )
    exemption = Exemption.objects.get(student=child)
    assert exemption.school == cast.school_a and exemption.reason == "Справка ВКК №12"
    assert "Справка ВКК №12" in response.content.decode()
    assert apps.get_model("journal", "ExemptionEvent").objects.filter(pgh_obj_id=exemption.pk).count() == 1
    with pytest.raises(services.OperationError, match="освобожд"):
        services.mark_set(acting_user=cast.teacher, lesson=jw.lesson, student=child, kind="fo", value=8)
    assert not Mark.objects.filter(student=child).exists()
    finals = login(cast.teacher).get(
        reverse("journal:finals", args=[jw.subgroup.pk]) + f"?period={jw.period2.pk}"
    )
    exempt = {r.student.pk for r in finals.context["rows"] if r.exempt}
    assert exempt == {child.pk}
    # ended today: marks again from today
    login(cast.deputy_director).post(reverse("journal:exemption_end", args=[exemption.pk]))
    exemption.refresh_from_db()
    assert exemption.ends == timezone.localdate() - datetime.timedelta(days=1)
    services.mark_set(acting_user=cast.teacher, lesson=jw.lesson, student=child, kind="fo", value=8)


def test_bad_exemptions_are_refused_with_a_message_and_nothing_saved(cast, jw, login):
    """covers JRN-4"""
    client = login(cast.deputy_director)
    url = reverse("journal:exemptions")
    child = jw.students[0]
    start = jw.period2.start.isoformat()
    response = client.post(
        url,
        {
            "student": child.pk,
            "subject": jw.subject.pk,
            "starts": start,
            "ends": jw.period1.start.isoformat(),
            "reason": "x",
        },
    )
    assert ru("The end cannot be before the start.") in response.content.decode()
    response = client.post(
        url, {"student": child.pk, "subject": jw.subject.pk, "starts": start, "ends": start, "reason": "   "}
    )
    assert response.context["form"].errors.get("reason")
    response = client.post(
        url,
        {
            "student": jw.other_student.pk,
            "subject": jw.subject.pk,
            "starts": start,
            "ends": start,
            "reason": "x",
        },
    )
    assert response.context["form"].errors.get("student")
    assert not Exemption.objects.exists()
    client.post(
        url,
        {
            "student": child.pk,
            "subject": jw.subject.pk,
            "starts": start,
            "ends": jw.period2.end.isoformat(),
            "reason": "Справка",
        },
    )
    response = client.post(
        url,
        {
            "student": child.pk,
            "subject": jw.subject.pk,
            "starts": jw.period2.end.isoformat(),
            "ends": jw.period2.end.isoformat(),
            "reason": "Ещё",
        },
    )
    assert ru("%(student)s is already exempt from this subject for part of these dates.", student=child) in (
        response.content.decode()
    )
    assert Exemption.objects.count() == 1


def test_the_deputy_sets_the_schools_grading_rule_from_a_date_and_it_proposes_the_marks(cast, jw, login):
    """covers JRN-4"""
    client = login(cast.deputy_director)
    url = reverse("journal:grading_rules")
    page = client.get(url).content.decode()
    assert "ФО 25 % · СОР 25 % · СОЧ 50 %" in page
    start = jw.period2.start
    data = {
        "valid_from": start.isoformat(),
        "system": "criteria",
        "fo_weight": 0,
        "sor_weight": 50,
        "soch_weight": 50,
        "sor_by_points": "on",
        "sou_two_weight": 16,
    }
    client.post(url, data, follow=True)
    rule = GradingRule.objects.get(school=cast.school_a)
    assert (rule.valid_from, rule.fo_weight, rule.sor_weight, rule.soch_weight) == (start, 0, 50, 50)
    assert rules.rule_for(cast.school_a, start).pk == rule.pk
    assert apps.get_model("journal", "GradingRuleEvent").objects.filter(pgh_obj_id=rule.pk).count() == 1
    # DOMAIN 2.3's legacy 50/50 variant of the worked example: 68.29 % gives 4
    marks = [
        Mark(kind="sor", value=15, max_points=20),
        Mark(kind="sor", value=9, max_points=15),
        Mark(kind="soch", value=17, max_points=25),
    ]
    proposal = rules.propose_period_mark(rule, marks)
    assert (proposal.value, str(proposal.percent)) == (4, "68.29")
    # a Kyrgyz-style traditional rule from a later date
    later = start + datetime.timedelta(days=3)
    client.post(
        url,
        {
            "valid_from": later.isoformat(),
            "system": "traditional",
            "fo_weight": 25,
            "sor_weight": 25,
            "soch_weight": 50,
            "high_thresholds": "on",
            "sou_two_weight": 16,
        },
    )
    assert rules.rule_for(cast.school_a, later).system == AssessmentSystem.TRADITIONAL


def test_a_bad_grading_rule_is_refused_with_a_message_and_nothing_saved(cast, jw, login):
    """covers JRN-4"""
    client = login(cast.deputy_director)
    url = reverse("journal:grading_rules")
    base = {
        "system": "criteria",
        "fo_weight": 25,
        "sor_weight": 25,
        "soch_weight": 40,
        "sou_two_weight": 16,
        "valid_from": jw.period2.start.isoformat(),
    }
    response = client.post(url, base)
    assert ru("The weights of ФО, СОР and СОЧ must add up to 100.") in response.content.decode()
    response = client.post(url, base | {"soch_weight": 50, "fo_weight": 250, "sor_weight": -150})
    assert response.context["form"].errors
    ClosedPeriod.objects.create(period=jw.period1, closed_by=cast.director)
    response = client.post(url, base | {"soch_weight": 50, "valid_from": jw.period1.end.isoformat()})
    expected = ru(
        "The period %(period)s is closed: a new rule starts after %(end)s.",
        period=jw.period1,
        end=jw.period1.end.strftime("%d.%m.%Y"),
    )
    assert expected in response.content.decode()
    response = client.post(url, base | {"soch_weight": 50, "system": "ancient"})
    assert response.context["form"].errors.get("system")
    assert not GradingRule.objects.exists()
    assert login(cast.teacher).post(url, base | {"soch_weight": 50}).status_code == 403
    assert not GradingRule.objects.exists()


def test_the_exempt_student_is_searched_as_you_type_among_the_schools_students_only(cast, jw, login):
    """covers JRN-4: the form lists no school's worth of students; the search finds them by name"""
    client = login(cast.deputy_director)
    child = jw.students[1]
    page = client.get(reverse("journal:exemptions")).content.decode()
    assert child.person.last_name not in page.split('name="student"', 1)[1].split("</select>", 1)[0]
    assert reverse("journal:exemption_student_search") in page
    search = reverse("journal:exemption_student_search")
    found = client.get(search, {"q": f"{child.person.first_name} {child.person.last_name}"}).content.decode()
    assert f'value="{child.pk}"' in found
    other = jw.other_student.person
    assert f'value="{jw.other_student.pk}"' not in client.get(search, {"q": other.last_name}).content.decode()
