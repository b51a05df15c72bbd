"""Demo planning for `seed_demo`: the national subject catalogue, rooms, bells and holidays, typical
curricula applied to every class, subgroups (languages and informatics split at 24 pupils, DOMAIN 3.2),
teachers assigned within their rates (part-timers hired where the staff falls short), a generated and
published timetable, substitutions for the demo absences and КТП for several subjects.
Idempotent: a school whose classes have a curriculum is left alone."""

import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from contingent.models import SchoolClass
from core.demo import analyze
from core.models import AcademicYear, Person
from staff.models import Absence, Employee

from .generation import run_generation
from .models import (
    Bell,
    BellSchedule,
    ClassSubject,
    Holiday,
    Room,
    Subgroup,
    SubgroupKind,
    Subject,
    TeacherDayOff,
    Timetable,
    TimetableLesson,
    TypicalCurriculum,
    TypicalCurriculumLine,
)
from .rules import RATE_HOURS, SPLIT_THRESHOLD, max_daily_lessons, max_weekly_hours
from .services import subgroups_save, timetable_create, timetable_publish, typical_apply
from .services.ktp import ktp_approve, ktp_replace
from .services.substitutions import substitute_candidates, substitution_save

D = datetime.date
DEMO_TIME_LIMIT = 10  # seconds
DEMO_PATIENCE = 3  # seconds without a better score

# code: (ru, kk, en, difficulty, room kind, the teacher's position contains)
SUBJECTS = {
    "literacy": ("Обучение грамоте", "Сауат ашу", "Literacy", 6, "", "начальных"),
    "reading": ("Литературное чтение", "Әдебиеттік оқу", "Literary reading", 4, "", "начальных"),
    "world": ("Познание мира", "Дүниетану", "Knowing the world", 4, "", "начальных"),
    "nature": ("Естествознание", "Жаратылыстану", "Natural science", 5, "", "начальных"),
    "math": ("Математика", "Математика", "Mathematics", 10, "", "математики"),
    "alg": ("Алгебра", "Алгебра", "Algebra", 10, "", "математики"),
    "geom": ("Геометрия", "Геометрия", "Geometry", 9, "", "математики"),
    "rus": ("Русский язык", "Орыс тілі", "Russian language", 8, "", "русского"),
    "ruslit": ("Русская литература", "Орыс әдебиеті", "Russian literature", 5, "", "русского"),
    "kaz": ("Казахский язык", "Қазақ тілі", "Kazakh language", 7, "", "казахского"),
    "kazlit": ("Казахская литература", "Қазақ әдебиеті", "Kazakh literature", 5, "", "казахского"),
    "eng": ("Английский язык", "Ағылшын тілі", "English", 7, "", "английского"),
    "inf": ("Информатика", "Информатика", "Computer science", 7, "computer", "информатики"),
    "digital": (
        "Цифровая грамотность",
        "Цифрлық сауаттылық",
        "Digital literacy",
        4,
        "computer",
        "информатики",
    ),
    "hist_kz": ("История Казахстана", "Қазақстан тарихы", "History of Kazakhstan", 6, "", "истории"),
    "hist_w": ("Всемирная история", "Дүниежүзі тарихы", "World history", 6, "", "истории"),
    "law": ("Основы права", "Құқық негіздері", "Foundations of law", 5, "", "истории"),
    "geo": ("География", "География", "Geography", 6, "", "географии"),
    "bio": ("Биология", "Биология", "Biology", 7, "laboratory", "биологии"),
    "phys": ("Физика", "Физика", "Physics", 10, "laboratory", "физики"),
    "chem": ("Химия", "Химия", "Chemistry", 10, "laboratory", "химии"),
    "pe": ("Физическая культура", "Дене шынықтыру", "Physical education", 1, "gym", "физической"),
    "music": ("Музыка", "Музыка", "Music", 2, "", "музыки"),
    "art": ("Художественный труд", "Көркем еңбек", "Art and technology", 2, "", "художественного"),
    "self": ("Самопознание", "Өзін-өзі тану", "Self-knowledge", 2, "", "начальных"),
    "nvp": (
        "Начальная военная и технологическая подготовка",
        "Алғашқы әскери және технологиялық дайындық",
        "Basic military and technological training",
        3,
        "",
        "физической",
    ),
}
# Typical curricula (5-day week) by parallel; for Kazakh-medium classes the two languages swap hours.
PRIMARY = {
    "rus": 4,
    "reading": 2,
    "kaz": 2,
    "eng": 2,
    "math": 4,
    "world": 1,
    "nature": 1,
    "digital": 1,
    "art": 1,
    "music": 1,
    "pe": 3,
    "self": 1,
}
BASIC_7 = {
    "rus": 2,
    "ruslit": 2,
    "kaz": 3,
    "eng": 3,
    "alg": 3,
    "geom": 2,
    "inf": 1,
    "hist_kz": 2,
    "hist_w": 1,
    "geo": 2,
    "bio": 2,
    "phys": 2,
    "chem": 1,
    "art": 1,
    "pe": 3,
    "self": 1,
}
SENIOR = {
    "rus": 2,
    "ruslit": 2,
    "kaz": 3,
    "eng": 3,
    "alg": 3,
    "geom": 2,
    "inf": 2,
    "hist_kz": 2,
    "hist_w": 2,
    "geo": 2,
    "bio": 2,
    "phys": 2,
    "chem": 2,
    "pe": 2,
    "nvp": 1,
}
TYPICAL = {
    0: {"literacy": 3, "math": 2, "world": 2, "pe": 3, "music": 2, "art": 2},
    1: {
        "literacy": 6,
        "kaz": 1,
        "eng": 1,
        "math": 4,
        "world": 1,
        "nature": 1,
        "art": 1,
        "music": 1,
        "pe": 3,
        "self": 1,
    },
    2: PRIMARY,
    3: PRIMARY,
    4: PRIMARY,
    5: {
        "rus": 3,
        "ruslit": 2,
        "kaz": 3,
        "eng": 3,
        "math": 5,
        "inf": 1,
        "hist_kz": 1,
        "hist_w": 1,
        "nature": 2,
        "music": 1,
        "art": 2,
        "pe": 3,
        "self": 1,
    },
    6: {
        "rus": 3,
        "ruslit": 2,
        "kaz": 3,
        "eng": 3,
        "math": 5,
        "inf": 1,
        "hist_kz": 1,
        "hist_w": 1,
        "geo": 1,
        "bio": 1,
        "nature": 1,
        "music": 1,
        "art": 2,
        "pe": 3,
        "self": 1,
    },
    7: BASIC_7,
    8: {**BASIC_7, "chem": 2},
    9: {**BASIC_7, "chem": 2, "eng": 2, "inf": 2, "law": 1, "art": 0},
    10: SENIOR,
    11: SENIOR,
}
VARIATIVE = {"self", "law", "nvp"}
SPLIT = {"eng", "inf", "kaz", "rus"}  # a language other than the medium, English and informatics
SWAP = {"rus": "kaz", "kaz": "rus", "ruslit": "kazlit"}
BELLS = {
    1: ["08:00", "08:55", "09:50", "11:00", "11:55", "12:50", "13:45"],
    2: ["14:00", "14:55", "15:50", "16:55", "17:50", "18:45", "19:40"],
}
HOLIDAYS = [
    ((10, 27), (11, 2), "Осенние каникулы"),
    ((12, 16), (12, 17), "День Независимости"),
    ((12, 29), (1, 7), "Зимние каникулы"),
    ((2, 8), (2, 14), "Дополнительные каникулы для 1 класса"),
    ((3, 19), (3, 29), "Весенние каникулы"),
    ((5, 1), (5, 1), "Праздник единства народа Казахстана"),
    ((5, 7), (5, 7), "День защитника Отечества"),
    ((5, 9), (5, 9), "День Победы"),
]
FIRST_NAMES = ["Айгүл", "Гүлнар", "Жанар", "Асем", "Ляззат", "Светлана", "Ольга", "Марина"]
LAST_NAMES = ["Байжанова", "Тлеубаева", "Смагулова", "Кенжебаева", "Савченко", "Ермекова", "Рахимова"]
KTP_TOPICS = {
    "math": [
        "Натуральные числа",
        "Действия с натуральными числами",
        "Обыкновенные дроби",
        "Сравнение дробей",
        "Сложение и вычитание дробей",
        "Умножение дробей",
        "Деление дробей",
        "Десятичные дроби",
        "Проценты",
        "Решение задач на проценты",
        "Контрольная работа",
        "Анализ контрольной работы",
    ],
    "rus": [
        "Повторение изученного",
        "Фонетика",
        "Орфоэпия",
        "Лексика",
        "Морфемика",
        "Словообразование",
        "Имя существительное",
        "Имя прилагательное",
        "Глагол",
        "Развитие речи: изложение",
        "Контрольный диктант",
        "Работа над ошибками",
    ],
    "eng": [
        "My family",
        "Daily routine",
        "Free time",
        "School life",
        "Food and drinks",
        "Shopping",
        "Weather",
        "Holidays",
        "Revision",
        "Summative assessment",
    ],
}


def _hours(code, language):
    return SWAP.get(code, code) if language == "kk" else code


def _catalogue():
    subjects = {}
    for code, (ru, kk, en, difficulty, room_kind, _position) in SUBJECTS.items():
        subjects[code], _created = Subject.objects.get_or_create(
            school=None,
            name_ru=ru,
            defaults={
                "name_kk": kk,
                "name_en": en,
                "code": code,
                "difficulty": difficulty,
                "room_kind": room_kind,
            },
        )
    return subjects


def _typical(subjects, start_year):
    curricula = {}
    for parallel, lines in TYPICAL.items():
        for language in ("kk", "ru"):
            lines_here = {}
            for code, hours in lines.items():
                if hours:
                    lines_here[_hours(code, language)] = hours
            if language == "kk":  # the medium's literature instead of the other one's
                lines_here = {("kazlit" if c == "ruslit" else c): h for c, h in lines_here.items()}
            total = sum(lines_here.values())
            variative = sum(h for c, h in lines_here.items() if c in VARIATIVE)
            curriculum, created = TypicalCurriculum.objects.get_or_create(
                school=None,
                language=language,
                parallel=parallel,
                valid_from=start_year,
                defaults={
                    "name": f"Типовой учебный план, {parallel} класс, {'казахский' if language == 'kk' else 'русский'}"
                    f" язык обучения ({start_year})",
                    "max_weekly_hours": min(max_weekly_hours(parallel), Decimal(total + 2)),
                    "max_variative_hours": variative + 1,
                    "max_daily_lessons": max_daily_lessons(parallel),
                },
            )
            if created:
                TypicalCurriculumLine.objects.bulk_create(
                    TypicalCurriculumLine(
                        curriculum=curriculum,
                        subject=subjects[c],
                        weekly_hours=h,
                        is_variative=c in VARIATIVE,
                    )
                    for c, h in lines_here.items()
                )
            curricula[parallel, language] = curriculum
    return curricula


def _school_setup(school, classes):
    rooms = [
        Room(school=school, name=str(100 + i), kind="classroom", capacity=30)
        for i in range(1, len(classes) // 2 + 6)
    ]
    rooms += [
        Room(school=school, name=f"Кабинет информатики {i}", kind="computer", capacity=14) for i in (1, 2, 3)
    ]
    rooms += [
        Room(school=school, name=name, kind="laboratory", capacity=26)
        for name in ("Кабинет физики", "Кабинет химии", "Кабинет биологии", "Лаборатория STEM")
    ]
    gyms = ("Спортзал", "Малый спортзал", "Хореографический зал", "Стадион")[: 4 if len(classes) > 30 else 3]
    rooms += [Room(school=school, name=name, kind="gym", capacity=60) for name in gyms]
    rooms.append(Room(school=school, name="Мастерская", kind="workshop", capacity=20))
    Room.objects.bulk_create(rooms, ignore_conflicts=True)
    for shift, times in BELLS.items():
        for first_grade in (False, True):
            schedule, _created = BellSchedule.objects.get_or_create(
                school=school,
                shift=shift,
                for_first_grade=first_grade,
                defaults={
                    "name": f"Смена {shift}" + (" (1 класс, 35 минут)" if first_grade else ""),
                    "lesson_minutes": 35 if first_grade else 45,
                },
            )
            if not schedule.bells.exists():
                minutes = schedule.lesson_minutes
                for number, start in enumerate(times, start=1):
                    h, m = map(int, start.split(":"))
                    starts = datetime.time(h, m)
                    end_minutes = h * 60 + m + minutes
                    Bell.objects.create(
                        schedule=schedule,
                        number=number,
                        starts=starts,
                        ends=datetime.time(end_minutes // 60, end_minutes % 60),
                    )


def _holidays(start_year):
    for (m1, d1), (m2, d2), name in HOLIDAYS:
        y1 = start_year if m1 >= 9 else start_year + 1
        y2 = start_year if m2 >= 9 else start_year + 1
        Holiday.objects.get_or_create(
            school=None,
            country="KZ",
            date=D(y1, m1, d1),
            defaults={
                "end_date": D(y2, m2, d2),
                "name": name,
                "only_parallel": 1 if "1 класса" in name else None,
            },
        )


class _Staffing:
    """Teachers by the subject in their position, each loaded up to her rate (RATE_HOURS a rate)."""

    def __init__(self, school, rng):
        self.school = school
        self.rng = rng
        self.load = {}
        self.teachers = list(Employee.objects.teaching().filter(school=school).select_related("person"))
        for t in self.teachers:
            self.load[t.pk] = Decimal(0)
        self.hired = 0

    def capacity(self, teacher):
        return teacher.rate * RATE_HOURS

    def pick(self, keyword, hours, exclude=()):
        fitting = [
            t
            for t in self.teachers
            if (keyword in t.position or (t.position == "Учитель" and keyword == "математики"))
            and t.pk not in exclude
            and self.load[t.pk] + hours <= self.capacity(t)
        ]
        if not fitting:
            teacher = self.hire(keyword)
        else:
            teacher = min(fitting, key=lambda t: (self.load[t.pk] / self.capacity(t), t.pk))
        self.load[teacher.pk] += hours
        return teacher

    def hire(self, keyword):
        """A part-time teacher where the staff falls short (the demo's staff is generic)."""
        self.hired += 1
        person = Person.objects.create(
            last_name=self.rng.choice(LAST_NAMES),
            first_name=self.rng.choice(FIRST_NAMES),
            sex="f",
        )
        position = {
            "начальных": "Учитель начальных классов",
            "математики": "Учитель математики",
            "русского": "Учитель русского языка и литературы",
            "казахского": "Учитель казахского языка и литературы",
            "английского": "Учитель английского языка",
            "информатики": "Учитель информатики",
            "истории": "Учитель истории",
            "географии": "Учитель географии",
            "биологии": "Учитель биологии",
            "физики": "Учитель физики",
            "химии": "Учитель химии",
            "физической": "Учитель физической культуры",
            "музыки": "Учитель музыки",
            "художественного": "Учитель художественного труда",
        }.get(keyword, f"Учитель ({keyword})")
        teacher = Employee.objects.create(
            school=self.school,
            person=person,
            position=position,
            structural_unit="Методическое объединение",
            staff_group="teaching",
            rate=Decimal("1.5"),
            hired_on=D(2026, 8, 25),
        )
        self.teachers.append(teacher)
        self.load[teacher.pk] = Decimal(0)
        return teacher


def seed(context):
    User = get_user_model()
    subjects = _catalogue()
    for key, school in context["schools"].items():
        year = AcademicYear.objects.filter(school=school, is_current=True).first()
        if year is None:
            continue
        classes = list(SchoolClass.objects.filter(school=school, academic_year=year, is_active=True))
        if not classes or ClassSubject.objects.filter(school_class__in=classes).exists():
            continue
        director = User.objects.get(username=f"director.{key}")
        _seed_school(key, school, year, classes, subjects, director)


def _seed_school(key, school, year, classes, subjects, director):
    rng = random.Random(f"mektep-planning-{key}")
    curricula = _typical(subjects, year.start.year)
    _school_setup(school, classes)
    _holidays(year.start.year)
    for (parallel, language), curriculum in curricula.items():
        group = [c for c in classes if c.parallel == parallel and (c.language == "kk") == (language == "kk")]
        if group:
            typical_apply(acting_user=director, typical=curriculum, classes=group, year=year)
    staffing = _Staffing(school, rng)
    code_of = {s.pk: code for code, s in subjects.items()}
    lines = ClassSubject.objects.filter(school_class__in=classes).select_related("school_class", "subject")
    for line in lines.order_by("school_class__parallel", "school_class__letter_ru", "subject__name_ru"):
        code = code_of[line.subject_id]
        school_class = line.school_class
        keyword = SUBJECTS[code][5]
        if school_class.parallel <= 4 and code in ("music", "art", "self", "rus", "kaz"):
            keyword = (
                "начальных"
                if code in ("self", "art") or ((code == "rus") == (school_class.language != "kk"))
                else SUBJECTS[code][5]
            )
        size = school_class.students.filter(status="studying").count()
        medium = "kaz" if school_class.language == "kk" else "rus"
        split = code in SPLIT and code != medium and size >= SPLIT_THRESHOLD and school_class.parallel >= 2
        if split:
            first = staffing.pick(keyword, line.weekly_hours)
            second = staffing.pick(keyword, line.weekly_hours, exclude={first.pk})
            subgroups_save(
                acting_user=director,
                class_subject=line,
                kind=SubgroupKind.TWO,
                groups=[{"teacher": first}, {"teacher": second}],
                lesson_minutes=35 if school_class.parallel == 1 else 45,
            )
        else:
            teacher = staffing.pick(keyword, line.weekly_hours)
            Subgroup.objects.filter(class_subject=line).update(teacher=teacher)
    # a few part-time teachers keep a free weekday
    for teacher in [t for t in staffing.teachers if t.rate <= Decimal("0.5")][:3]:
        TeacherDayOff.objects.get_or_create(teacher=teacher, weekday=5)
    timetable = timetable_create(
        acting_user=director, school=school, year=year, name=f"Расписание {year.name}"
    )
    # The demo's timetable is a real one (every hard rule kept; the solver's own check counts the
    # violations on the saved draft) found by a short search: the greedy first placement places every
    # lesson in a fraction of a second, CP-SAT starts from it and stops when its score has not improved
    # for a few seconds (or at the limit, keeping the first placement when a busy machine left it no
    # time). A deputy's generation from the page gets the full time she asks for.
    Timetable.objects.filter(pk=timetable.pk).update(time_limit=DEMO_TIME_LIMIT)
    run_generation(timetable.pk, patience=DEMO_PATIENCE)
    timetable.refresh_from_db()
    if timetable.lessons.exists():  # a machine too busy to find any placement keeps the draft unpublished
        timetable_publish(acting_user=director, timetable=timetable)
        # the substitutions' lookups join these five tables, all filled in this transaction
        analyze(TimetableLesson, Subgroup, ClassSubject, Absence, Employee)
        _substitutions(school, timetable, director)
    _ktp(school, year, subjects, director)


def _substitutions(school, timetable, director):
    """The demo absences of the coming two weeks: a substitute where one is free, else cancelled."""
    today = timezone.localdate()
    horizon = today + datetime.timedelta(days=14)
    absences = Absence.objects.filter(employee__school=school, start__lte=horizon, end__gte=today)
    for absence in absences.select_related("employee"):
        day = max(absence.start, today)
        while day <= min(absence.end, horizon):
            for lesson in TimetableLesson.objects.filter(
                timetable=timetable, teacher=absence.employee, weekday=day.isoweekday()
            ).select_related("timetable__school", "subgroup__class_subject__subject"):
                candidates = substitute_candidates(lesson, day)
                best = next((e for e, same in candidates if same), None)
                substitution_save(
                    acting_user=director,
                    lesson=lesson,
                    date=day,
                    substitute=best,
                    cancel=best is None,
                    absence=absence,
                )
            day += datetime.timedelta(days=1)


def _ktp(school, year, subjects, director):
    period = year.periods.filter(start__lte=timezone.localdate(), end__gte=timezone.localdate()).first() or (
        year.periods.order_by("start").first()
    )
    done = 0
    for code, titles in KTP_TOPICS.items():
        subgroups = Subgroup.objects.filter(
            class_subject__school_class__school=school,
            class_subject__academic_year=year,
            class_subject__subject=subjects[code],
            teacher__isnull=False,
        ).select_related("class_subject__school_class__school", "teacher")[:3]
        for i, subgroup in enumerate(subgroups):
            rows = [(title, 2 if n % 4 == 3 else 1) for n, title in enumerate(titles)]
            ktp_replace(acting_user=director, subgroup=subgroup, period=period, rows=rows)
            if i == 0:
                ktp_approve(acting_user=director, subgroup=subgroup, period=period)
            done += 1
    return done
