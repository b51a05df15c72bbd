"""Demo of the school community and of a Kyrgyz school (KG-1..KG-4; DOMAIN 1.2, 8.2). Idempotent.

- School A (Almaty): calendar events, a distance course with a test taken by a class (results in the
  journal when planning and the journal have lessons for it), portfolios, conversations and a parents'
  board; school B: a few events.
- Kyrgyzstan: Jalal-Abad city's education department with school No. 8 teaching in Kyrgyz: 14-digit
  PINs, 12-year schooling (grades 1-12, no "0" class), classes of 30-36, the 2025/26 and 2026/27 years
  with the Kyrgyz holidays; its department page in Kyrgyz; logins *.kg in Kyrgyz."""

import datetime
import random

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from community import services
from community.models import (
    ClassPost,
    Course,
    Material,
    PortfolioEntry,
    Question,
    SchoolEvent,
    Test,
)
from contingent.models import GuardianLink, Movement, SchoolClass, Student
from core.demo import set_demo_password
from core.models import AcademicYear, District, Order, Person, Region, RoleAssignment, School
from staff.models import Employee

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
D = datetime.date


def seed(context):
    _kyrgyz(context)
    school = context["schools"]["a"]
    if not Course.objects.filter(school=school).exists():
        _seed_school_a(school, context)
    if get_user_model().objects.filter(username="student.a").exists():
        context["logins"].append("student.a")


def _seed_school_a(school, context):
    User = get_user_model()
    users = {u.username: u for u in User.objects.filter(username__endswith=".a").select_related("person")}
    users["district"] = User.objects.get(username="district")
    _events(school, users["director.a"])
    _events(context["schools"]["b"], User.objects.get(username="director.b"))
    teacher = Employee.objects.current().filter(school=school, person=users["teacher.a"].person).first()
    subgroup = _taught_subgroup(teacher)
    school_class = subgroup.class_subject.school_class if subgroup else _class_of(school, teacher)
    if teacher is None or school_class is None:
        return
    student_user = _student_login(school_class, "student.a", context)
    _course(school, teacher, school_class, subgroup, student_user, users["teacher.a"])
    _portfolios(school, users, student_user, school_class)
    _messages(school, users)


# --- school A ------------------------------------------------------------------------------------


def _events(school, author):
    today = timezone.localdate()
    year = today.year if today.month >= 9 else today.year - 1
    rows = [
        ("Зимние каникулы", "holiday", D(year, 12, 29), D(year + 1, 1, 7), None, ""),
        ("Весенние каникулы", "holiday", D(year + 1, 3, 20), D(year + 1, 3, 29), None, ""),
        (
            "СОЧ по математике за 2 четверть",
            "exam",
            today + datetime.timedelta(days=9),
            None,
            "09:00",
            "каб. 204",
        ),
        (
            "Общешкольное родительское собрание",
            "meeting",
            today + datetime.timedelta(days=4),
            None,
            "18:00",
            "актовый зал",
        ),
        ("Педагогический совет", "meeting", today + datetime.timedelta(days=2), None, "15:00", "учительская"),
        ("Новогодний концерт", "event", D(year, 12, 26), None, "12:00", "актовый зал"),
    ]
    for title, kind, starts, ends, time, place in rows:
        SchoolEvent.objects.create(
            school=school,
            title=title,
            kind=kind,
            starts=starts,
            ends=ends or starts,
            start_time=datetime.time.fromisoformat(time) if time else None,
            place=place,
            created_by=author,
        )


def _taught_subgroup(teacher):
    """A subject the demo teacher teaches to a class that gets marks (grade 2 and up), from planning."""
    from planning.models import Subgroup

    if teacher is None:
        return None
    return (
        Subgroup.objects.filter(
            teacher=teacher,
            class_subject__school_class__is_active=True,
            class_subject__school_class__academic_year__is_current=True,
            class_subject__school_class__parallel__gte=2,
        )
        .select_related("class_subject__school_class")
        .order_by("-class_subject__school_class__parallel")
        .first()
    )


def _class_of(school, teacher):
    current = SchoolClass.objects.filter(school=school, academic_year__is_current=True, is_active=True)
    found = current.filter(class_teacher=teacher).first() if teacher else None
    return found or current.filter(parallel=5).order_by("letter_ru").first()


def _student_login(school_class, username, context):
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user:
        return user
    student = school_class.students.filter(status="studying").order_by("pk").first()
    if student is None or hasattr(student.person, "user"):
        return None
    user = User.objects.create(
        username=username,
        person=student.person,
        language="ru",
        first_name=student.person.first_name,
        last_name=student.person.last_name,
    )
    set_demo_password(user)
    user.save()
    RoleAssignment.objects.create(user=user, role="student", school=school_class.school)
    return user


def _course(school, teacher, school_class, subgroup, student_user, teacher_user):
    today = timezone.localdate()
    course = Course.objects.create(
        school=school,
        title="Дроби и проценты (дистанционно)",
        teacher=teacher,
        school_class=school_class,
        subgroup=subgroup,
        starts=today - datetime.timedelta(days=14),
        ends=today + datetime.timedelta(days=30),
        is_published=True,
        description="Повторение темы перед СОЧ: конспект, видеоурок и проверочный тест.",
    )
    Material.objects.create(
        course=course,
        kind="text",
        title="Конспект",
        position=1,
        body="Дробь a/b: a — числитель, b — знаменатель.\n1% — это одна сотая часть числа.",
    )
    Material.objects.create(
        course=course, kind="link", title="Видеоурок", position=2, url="https://bilimland.kz/"
    )
    material = Material(course=course, kind="file", title="Карточки с заданиями", position=3)
    material.file.save("cards.pdf", ContentFile(PDF), save=False)
    material.save()
    now = timezone.now()
    test = Test.objects.create(
        course=course,
        title="Проверочный тест: дроби",
        opens=now - datetime.timedelta(days=3),
        closes=now + datetime.timedelta(days=7),
    )
    q1 = Question.objects.create(test=test, kind="single", text="1/2 + 1/4 = ?", points=1, position=1)
    right1 = q1.choices.create(text="3/4", is_correct=True)
    wrong1 = q1.choices.create(text="2/6")
    q2 = Question.objects.create(
        test=test, kind="multiple", text="Какие дроби равны 1/2?", points=2, position=2
    )
    right2 = [
        q2.choices.create(text="2/4", is_correct=True),
        q2.choices.create(text="50/100", is_correct=True),
    ]
    q2.choices.create(text="3/5")
    q3 = Question.objects.create(
        test=test, kind="number", text="20% от 150 = ?", points=1, position=3, number_answer=30
    )
    q4 = Question.objects.create(
        test=test,
        kind="short",
        text="Как называется верхнее число дроби?",
        points=1,
        position=4,
        text_answers="числитель",
    )
    rng = random.Random("mektep-community")
    students = list(school_class.students.filter(status="studying").order_by("pk"))
    for student in students:
        if student_user and student.person_id == student_user.person_id:
            continue  # the demo student takes the test herself
        good = rng.random()
        services.record_attempt(
            test=test,
            student=student,
            at=now - datetime.timedelta(hours=rng.randint(1, 60)),
            responses={
                q1.pk: [right1.pk if good > 0.2 else wrong1.pk],
                q2.pk: [c.pk for c in right2] if good > 0.4 else [right2[0].pk],
                q3.pk: "30" if good > 0.3 else "25",
                q4.pk: "числитель" if good > 0.5 else "знаменатель",
            },
        )
    from journal.materialise import ensure_days

    # the journal's lessons of the last days, from the published timetable
    ensure_days(school, [today - datetime.timedelta(days=back) for back in range(10)])
    lesson = services.journal_lessons(course).filter(date__lte=today).first()
    if lesson is not None:
        from journal.rules import rule_for

        kind = rule_for(school, lesson.date).kinds[0]
        services.test_to_journal(acting_user=teacher_user, test=test, lesson=lesson, kind=kind)


def _portfolios(school, users, student_user, school_class):
    def add(person, kind, title, date, level="", result="", description="", scan=False, by=None):
        entry = PortfolioEntry(
            school=school,
            person=person,
            kind=kind,
            title=title,
            date=date,
            level=level,
            result=result,
            description=description,
            added_by=by,
        )
        if scan:
            entry.scan.save("scan.pdf", ContentFile(PDF), save=False)
        entry.save()

    teacher = users["teacher.a"]
    add(
        teacher.person,
        "certificate",
        "Курсы повышения квалификации «Критериальное оценивание»",
        D(2025, 11, 14),
        "national",
        "72 часа",
        scan=True,
        by=teacher,
    )
    add(
        teacher.person,
        "publication",
        "Статья «Дроби на уроках в 5 классе»",
        D(2026, 3, 2),
        "region",
        description="Журнал «Математика в школе», №3",
        by=teacher,
    )
    if student_user:
        add(
            student_user.person,
            "achievement",
            "Конкурс чтецов «Абай оқулары»",
            D(2026, 10, 20),
            "school",
            "участник",
            by=student_user,
        )
    parent = users.get("parent.a")
    if parent:
        child = Student.objects.filter(guardians__person=parent.person, school=school).first()
        if child:
            add(
                child.person,
                "certificate",
                "Сертификат шахматного клуба",
                D(2026, 9, 25),
                "school",
                "1 разряд",
                scan=True,
                by=parent,
            )
    del school_class


def _messages(school, users):
    parent, teacher, director = users.get("parent.a"), users["teacher.a"], users["director.a"]
    if parent:
        child = (
            Student.objects.filter(guardians__person=parent.person, school=school)
            .select_related("school_class")
            .first()
        )
        c = services.conversation_start(
            acting_user=parent,
            school=school,
            recipient=teacher,
            subject="Домашнее задание по математике",
            body="Здравствуйте! Подскажите, пожалуйста, какие номера задали на пятницу?",
            student=child,
        )
        services.message_send(acting_user=teacher, conversation=c, body="Здравствуйте! № 214 и 215, стр. 58.")
        services.message_send(acting_user=parent, conversation=c, body="Спасибо!")
        if child and child.school_class_id:
            services.class_post_create(
                acting_user=director,
                school_class=child.school_class,
                kind="announcement",
                title="Родительское собрание",
                body="В четверг в 18:00, кабинет 204. Тема: итоги четверти.",
            )
            services.class_post_create(
                acting_user=parent,
                school_class=child.school_class,
                kind="board",
                body="Предлагаю собрать деньги на экскурсию в музей до 10 декабря.",
            )
            ClassPost.objects.create(
                school_class=child.school_class,
                kind="board",
                author=parent,
                body="Кто может помочь с новогодним оформлением класса?",
            )
    c = services.conversation_start(
        acting_user=director,
        school=school,
        recipient=teacher,
        subject="Открытый урок",
        body="Мария Петровна, прошу подготовить открытый урок к методической неделе.",
    )
    services.message_send(acting_user=teacher, conversation=c, body="Хорошо, проведу во вторник 3-м уроком.")
    services.conversation_start(
        acting_user=users["district"],
        school=None,
        recipient=director,
        subject="Отчёт НОБД",
        body="Прошу сдать отчёт НОБД до 5 числа.",
    )


# --- Kyrgyzstan ----------------------------------------------------------------------------------------

KG_PEOPLE = [
    # username, last, first, patronymic, sex, roles
    ("director.kg", "Күштубакова", "Айгүл", "Токтосуновна", "f", ["director"]),
    ("teacher.kg", "Асанова", "Нургүл", "Бакытовна", "f", ["teacher", "class_teacher"]),
]
KG_SURNAMES = [
    "Асанов",
    "Бакиров",
    "Жумабеков",
    "Токтогулов",
    "Сыдыков",
    "Абдыкадыров",
    "Осмонов",
    "Мамытов",
    "Турсунбаев",
    "Кадыров",
    "Эшматов",
    "Ниязов",
]
KG_BOYS = ["Бакыт", "Нурлан", "Эрлан", "Азамат", "Максат", "Талант", "Адилет", "Нурсултан", "Бекзат", "Эмир"]
KG_GIRLS = ["Айпери", "Нургүл", "Айжан", "Бермет", "Жибек", "Асел", "Мээрим", "Айзада", "Гүлзат", "Элнура"]

KG_PAGE = {
    "description": (
        "Жалал-Абад шаарынын билим берүү бөлүмү шаардын мектептеринин ишин уюштурат: окуучулардын контингенти, "
        "кадрлар, окуу пландары, электрондук журнал жана отчеттуулук."
    ),
    "contacts": "Жалал-Абад ш., Ленин көч., 20\n+996 3722 5 00 00\nbilim@jalalabad.example.kg",
    "reception_hours": "Башчы — шейшемби, 10:00–12:00",
    "units": [("Жалпы орто билим берүү бөлүмү", "Осмонов Т. К.", "+996 3722 5 00 11")],
    "people": [
        ("deputy", "Башчынын орун басары", "Осмонов", "Талант", "Кубанычбекович", 0, "бейшемби, 14:00–16:00"),
        ("methodologist", "Кыргыз тили боюнча методист", "Сыдыкова", "Бермет", "Асановна", 0, ""),
    ],
    "leader": ("leader", "Бөлүмдүн башчысы", "шейшемби, 10:00–12:00"),
    "news": [
        ("1-класска электрондук каттоо", "Каттоо 1-апрелден 10:00дө башталат (1-этап), 1-июндан (2-этап).")
    ],
    "announcements": [("Мектеп директорлорунун кеңешмеси", "Жума күнү саат 15:00дө.")],
    "folders": {"Буйруктар": ["Окуу жылынын башталышы жөнүндө буйрук"]},
    "topics": [("12 жылдык билим берүүгө өтүү", ["Суроолоруңузду ушул жерге жазыңыз."])],
    "faq": [("Балам 1-класска кайсы жашта барат?", "6 жашта (2025-жылдан тартып 12 жылдык билим берүү).")],
    "feedback": [],
    "wall": ["Мугалимдер күнү менен куттуктайбыз!"],
}


def kg_pin(sex, birth, serial):
    """A 14-digit Kyrgyz PIN as used in practice: sex (1 female, 2 male), DDMMYYYY, 5-digit serial."""
    return f"{1 if sex == 'f' else 2}{birth:%d%m%Y}{serial:05d}"


def _kg_year(school, start, current):
    year, created = AcademicYear.objects.get_or_create(
        school=school,
        name=f"{start}-{start + 1}",
        defaults={
            "start": D(start, 9, 1),
            "end": D(start + 1, 5, 29 if start == 2025 else 25),
            "is_current": current,
        },
    )
    if created:
        # Quarters around the Kyrgyz holidays (DOMAIN 8.2): winter 31.12-11.01, spring 02-07.03 in 2025/26.
        quarters = [
            (D(start, 9, 1), D(start, 10, 31)),
            (D(start, 11, 10), D(start, 12, 30)),
            (D(start + 1, 1, 12), D(start + 1, 3, 1)),
            (D(start + 1, 3, 9), year.end),
        ]
        for i, (a, b) in enumerate(quarters, start=1):
            year.periods.create(kind="quarter", name=f"{i}-чейрек", start=a, end=b)
    return year


def _kyrgyz(context):
    User = get_user_model()
    if School.objects.filter(name_en="Jalal-Abad Secondary School No. 8").exists():
        _kg_logins(context)
        return
    region, _created = Region.objects.get_or_create(
        name_ru="Джалал-Абадская область",
        defaults={"name_kk": "Жалал-Абад облысы", "name_en": "Jalal-Abad region", "country": "KG"},
    )
    district = District.objects.create(
        region=region,
        name_ru="Отдел образования города Джалал-Абад",
        name_kk="Жалал-Абад қаласының білім бөлімі",
        name_en="Jalal-Abad city education department",
        address="ул. Ленина, 20",
        phone="+996 3722 5 00 00",
    )
    school = School.objects.create(
        district=district,
        name_ru="Средняя общеобразовательная школа №8 г. Джалал-Абад",
        name_kk="Жалал-Абад қ. №8 жалпы орта білім беретін мектеп",
        name_en="Jalal-Abad Secondary School No. 8",
        address="ул. Токтогула, 8",
        settlement="Жалал-Абад",
        director_name="Күштубакова Айгүл Токтосуновна",
        languages="кыргыз, орус",
        shifts=2,
        six_day_week=False,
        design_capacity=1100,
    )
    _kg_year(school, 2025, current=False)
    year = _kg_year(school, 2026, current=True)
    official = User.objects.create(username="district.kg", language="ky")
    official.person = Person.objects.create(
        last_name="Токтосунов",
        first_name="Бакыт",
        patronymic="Асанович",
        sex="m",
        iin=kg_pin("m", D(1975, 4, 12), 10001),
    )
    set_demo_password(official)
    official.save()
    RoleAssignment.objects.create(user=official, role="district_official", district=district)
    staff = {}
    for i, (username, last, first, patronymic, sex, roles) in enumerate(KG_PEOPLE):
        birth = D(1978 + i * 5, 2 + i, 14)
        person = Person.objects.create(
            last_name=last,
            first_name=first,
            patronymic=patronymic,
            sex=sex,
            birth_date=birth,
            iin=kg_pin(sex, birth, 20001 + i),
        )
        user = User.objects.create(
            username=username, person=person, language="ky", first_name=first, last_name=last
        )
        set_demo_password(user)
        user.save()
        for role in roles:
            RoleAssignment.objects.create(user=user, role=role, school=school)
        staff[username] = Employee.objects.create(
            school=school,
            person=person,
            position="Директор" if "director" in roles else "Кыргыз тили мугалими",
            staff_group="head" if "director" in roles else "teaching",
            class_guidance_allowed="teacher" in roles,
            hired_on=D(2010, 8, 25),
            structural_unit="Администрация" if "director" in roles else "Мугалимдер",
        )
    director_user = User.objects.get(username="director.kg")
    teachers = _kg_staff(school, director_user)
    order = Order.objects.create(
        school=school,
        kind="student_enrolment",
        number="1-к/kg",
        date=D(2026, 9, 1),
        content="2026-2027-окуу жылына класстарды түзүү жөнүндө",
        author=director_user,
    )
    rng = random.Random("mektep-kg")
    serial = iter(range(30001, 99999))
    # 12-year schooling: grades 1-12, no "0" class (DOMAIN 8.2); class sizes up to 36 (DOMAIN 3.5).
    for parallel in range(1, 13):
        school_class = SchoolClass.objects.create(
            school=school,
            academic_year=year,
            parallel=parallel,
            letter_ru="А",
            letter_kk="А",
            letter_en="A",
            language="ky",
            shift=1 if parallel in (1, 5, 9, 11, 12) else 2,
            year_of_entry=2026 - parallel + 1,
            class_teacher=staff["teacher.kg"] if parallel == 5 else teachers.pop(0),
        )
        size = rng.randint(30, 36)
        people = []
        for _ in range(size):
            sex = rng.choice("mf")
            birth = D(2026 - 6 - parallel, rng.randint(1, 12), rng.randint(1, 28))
            surname = rng.choice(KG_SURNAMES) + ("а" if sex == "f" else "")
            people.append(
                Person(
                    last_name=surname,
                    first_name=rng.choice(KG_GIRLS if sex == "f" else KG_BOYS),
                    sex=sex,
                    birth_date=birth,
                    iin=kg_pin(sex, birth, next(serial)),
                )
            )
        people = Person.objects.bulk_create(people)
        students = Student.objects.bulk_create(
            Student(
                school=school,
                person=p,
                school_class=school_class,
                parallel=parallel,
                admitted_on=D(2026 - parallel + 1, 9, 1),
            )
            for p in people
        )
        Movement.objects.bulk_create(
            Movement(
                school=school,
                student=s,
                kind="enrolment",
                to_class=school_class,
                order=order,
                date=order.date,
            )
            for s in students
        )
        if parallel == 5:
            _kg_family(school, students, serial)
    from district.demo import fill_page

    fill_page(district, official, KG_PAGE, [director_user, User.objects.get(username="teacher.kg")])
    _kg_logins(context)


KG_NAMES = {
    "last": {"f": [s + "а" for s in KG_SURNAMES], "m": KG_SURNAMES},
    "first": {"f": KG_GIRLS, "m": KG_BOYS},
    "patronymic": {
        "f": ["Бакытовна", "Асановна", "Токтосуновна", "Нурлановна", "Эрлановна", "Кубанычбековна"],
        "m": ["Бакытович", "Асанович", "Токтосунович", "Нурланович", "Эрланович", "Кубанычбекович"],
    },
    "nationality": ["кыргыз", "кыргызка", "кыргызка", "узбек", "узбечка", "русская"],
    "institutions": [
        "Жалал-Абадский государственный университет",
        "КНУ им. Ж. Баласагына",
        "Жалал-Абадский педагогический колледж",
    ],
    "street": "ул. Токтогула",
    "phone": "+996 555",
}


def _kg_staff(school, director_user):
    """The staff of the school's 12 classes besides the two demo logins (11 classes need a class
    teacher), with 14-digit PINs; returns the teachers allowed class guidance."""
    from staff.demo import generate_staff, teachers_for

    employees = generate_staff(
        school,
        teachers_for(12),
        28,
        director_user,
        random.Random("mektep-kg-staff"),
        lambda birth, sex, i: kg_pin(sex, birth, 20101 + i),
        names=KG_NAMES,
    )
    return [e for e in employees if e.class_guidance_allowed]


def _kg_family(school, students, serial):
    User = get_user_model()
    child = students[0]
    parent = Person.objects.create(
        last_name=child.person.last_name,
        first_name="Гүлнара",
        sex="f",
        birth_date=D(1988, 6, 3),
        iin=kg_pin("f", D(1988, 6, 3), next(serial)),
    )
    GuardianLink.objects.create(student=child, person=parent, relation="mother")
    for username, person, role in (
        ("parent.kg", parent, "parent"),
        ("student.kg", students[1].person, "student"),
    ):
        user = User.objects.create(
            username=username,
            person=person,
            language="ky",
            first_name=person.first_name,
            last_name=person.last_name,
        )
        set_demo_password(user)
        user.save()
        RoleAssignment.objects.create(user=user, role=role, school=school)


def _kg_logins(context):
    context["logins"].extend(("district.kg", "director.kg", "teacher.kg", "parent.kg", "student.kg"))
