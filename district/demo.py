"""Demo of the department's page (DEP-1..DEP-8): description, contacts, units, people, news,
announcements, the wall, documents in folders, a forum, an FAQ and answered feedback. Idempotent."""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from district.models import (
    DepartmentPage,
    Document,
    FaqEntry,
    FeedbackMessage,
    Folder,
    Member,
    NewsItem,
    Post,
    Topic,
    Unit,
    WallPost,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

KZ_PAGE = {
    "description": (
        "Управление образования района обеспечивает работу подведомственных школ: контингент, кадры, "
        "учебные планы, электронный журнал и отчётность.\nПриём граждан ведут руководители по графику."
    ),
    "contacts": "пр. Аль-Фараби, 7, каб. 204\n+7 727 200 00 00\nbilim@bostandyk.example.kz",
    "reception_hours": "Руководитель — вторник, 10:00–12:00\nЗаместитель — четверг, 15:00–17:00",
    "units": [
        ("Отдел общего среднего образования", "Жаксылыков Б. Т.", "+7 727 200 00 11"),
        ("Отдел кадров и аттестации", "Мусина Г. А.", "+7 727 200 00 12"),
        ("Методический кабинет", "Оспанова Ж. К.", "+7 727 200 00 13"),
    ],
    "people": [
        ("deputy", "Заместитель руководителя", "Жаксылыков", "Болат", "Тимурович", 0, "четверг, 15:00–17:00"),
        ("specialist", "Главный специалист по кадрам", "Мусина", "Гульмира", "Ахметовна", 1, ""),
        ("methodologist", "Методист по математике", "Оспанова", "Жанар", "Кайратовна", 2, ""),
        ("methodologist", "Методист по казахскому языку", "Тулеуова", "Динара", "Маратовна", 2, ""),
        ("administrator", "Администратор портала", "Ли", "Сергей", "Викторович", 0, ""),
    ],
    "leader": ("leader", "Руководитель управления", "вторник, 10:00–12:00"),
    "news": [
        ("Стартовала электронная запись в 1 класс", "Заявления принимаются через портал с 1 апреля."),
        ("Итоги районной олимпиады по математике", "Победители приглашены на областной этап."),
        ("Семинар для заместителей директоров", "Тема: критериальное оценивание и СОЧ."),
    ],
    "announcements": [
        ("Совещание директоров", "В пятницу в 15:00 в актовом зале управления."),
        ("Сдача отчётов НОБД", "Срок — до 5 числа следующего месяца."),
    ],
    "folders": {
        "Приказы": ["Приказ о начале учебного года", "Приказ о проведении олимпиады"],
        "Методические рекомендации": ["Рекомендации по ведению электронного журнала"],
        "Отчёты": ["Публичный отчёт за 2025-2026 учебный год"],
    },
    "topics": [
        (
            "Подготовка к ЕНТ: обмен опытом",
            ["Делимся материалами пробных тестов.", "У нас хорошо идут онлайн-курсы."],
        ),
        (
            "Школьная форма: вопросы родителей",
            ["Какие требования в этом году?", "Требования на сайте школы."],
        ),
        ("Электронный журнал на телефоне", ["Отмечаем отсутствующих с телефона — удобно."]),
    ],
    "faq": [
        ("Как записаться в 1 класс?", "Подайте заявление на портале в период приёма; нужен ИИН ребёнка."),
        (
            "Как перевести ребёнка в другую школу?",
            "Обратитесь в школу, куда переводитесь: она запросит личное дело.",
        ),
        ("Где узнать расписание уроков?", "В разделе «Календарь школы» портала."),
    ],
    "feedback": [
        (
            "Ахметова Гульнара",
            "g.akhmetova@example.kz",
            "Очередь в 1 класс",
            "Когда начнётся запись?",
            "Запись начинается 1 апреля в 10:00.",
        ),
        (
            "Иванов Пётр",
            "p.ivanov@example.kz",
            "Подвоз учащихся",
            "Будет ли школьный автобус из мкр. Шугыла?",
            "",
        ),
    ],
    "wall": ["Поздравляем учителей с профессиональным праздником!", "Спасибо за организацию олимпиады."],
}


def fill_page(district, official, texts, schools=()):
    """Fills a department's page once (idempotent: a district with a page is left as it is)."""
    from core.models import Person

    if DepartmentPage.objects.filter(district=district).exists():
        return
    DepartmentPage.objects.create(
        district=district,
        description=texts["description"],
        contacts=texts["contacts"],
        reception_hours=texts["reception_hours"],
    )
    units = [
        Unit.objects.create(district=district, name=name, head=head, phone=phone, position=i)
        for i, (name, head, phone) in enumerate(texts["units"])
    ]
    category, position, hours = texts["leader"]
    Member.objects.create(
        district=district, person=official.person, category=category, position=position, reception_hours=hours
    )
    for category, position, last, first, patronymic, unit, hours in texts["people"]:
        person = Person.objects.create(last_name=last, first_name=first, patronymic=patronymic)
        Member.objects.create(
            district=district,
            person=person,
            category=category,
            position=position,
            unit=units[unit],
            reception_hours=hours,
        )
    now = timezone.now()
    for i, (title, body) in enumerate(texts["news"]):
        NewsItem.objects.create(
            district=district,
            title=title,
            body=body,
            author=official,
            published_at=now - datetime.timedelta(days=3 * i),
        )
    for i, (title, body) in enumerate(texts["announcements"]):
        NewsItem.objects.create(
            district=district,
            kind="announcement",
            title=title,
            body=body,
            author=official,
            published_at=now - datetime.timedelta(days=i),
            valid_until=(now + datetime.timedelta(days=30)).date(),
        )
    for i, (name, titles) in enumerate(texts["folders"].items()):
        folder = Folder.objects.create(district=district, name=name, position=i)
        for title in titles:
            document = Document(
                folder=folder, title=title, original_name=f"{title}.pdf", uploaded_by=official
            )
            document.file.save("document.pdf", ContentFile(PDF), save=False)
            document.save()
    writers = [official, *[u for u in schools if u is not None]]
    for i, (title, bodies) in enumerate(texts["topics"]):
        topic = Topic.objects.create(
            district=district, title=title, author=writers[i % len(writers)], is_pinned=i == 0
        )
        for j, body in enumerate(bodies):
            Post.objects.create(topic=topic, author=writers[(i + j) % len(writers)], body=body)
    for i, (question, answer) in enumerate(texts["faq"]):
        FaqEntry.objects.create(district=district, question=question, answer=answer, position=i)
    for name, email, subject, body, answer in texts["feedback"]:
        FeedbackMessage.objects.create(
            district=district,
            name=name,
            email=email,
            subject=subject,
            body=body,
            answer=answer,
            answered_at=now if answer else None,
            answered_by=official if answer else None,
        )
    for i, body in enumerate(texts["wall"]):
        WallPost.objects.create(district=district, author=writers[i % len(writers)], body=body)


def seed(context):
    from django.contrib.auth import get_user_model

    User = get_user_model()
    official = User.objects.get(username="district")
    writers = list(User.objects.filter(username__in=["director.a", "teacher.a", "parent.a", "director.b"]))
    fill_page(context["district"], official, KZ_PAGE, writers)
