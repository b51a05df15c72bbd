"""Every figure of the reports, computed once (DESIGN rule 9): pages, charts, exports and the district's
sums all read these functions. Each one is one set-based SQL aggregation over the schools in scope,
grouped at the level asked for (republic, region, district, school, class), so a district equals the
sum of its schools by the same statement, never by a loop over students.

Contingent figures are read from the movement rows (each made by an order), like the movement book
and the NOBD summary of the contingent app, so they can be regenerated "as of" any date."""

import datetime
from dataclasses import dataclass

from django.db import connections
from django.utils.translation import gettext_lazy as _

from reports.routers import read_db

# level -> the SQL expression of its key over school `s` (alias) and its district `d`
LEVEL_KEYS = {
    "republic": "0",
    "region": "d.region_id",
    "district": "s.district_id",
    "school": "s.id",
}
LEVELS = ("republic", "region", "district", "school", "class")
CHILD_LEVEL = {"republic": "region", "region": "district", "district": "school", "school": "class"}

# Stages of schooling (DOMAIN 6): pre-school, primary, basic secondary, general secondary.
STAGES = (
    ("0", _("pre-school (0)"), (0, 0)),
    ("1-4", _("primary (1-4)"), (1, 4)),
    ("5-9", _("basic secondary (5-9)"), (5, 9)),
    ("10-12", _("general secondary (10-12)"), (10, 12)),
)
STAGE_SQL = "CASE WHEN c.parallel = 0 THEN '0' WHEN c.parallel <= 4 THEN '1-4' WHEN c.parallel <= 9 THEN '5-9' ELSE '10-12' END"

CONTINGENT_DIMENSIONS = {
    None: "''",
    "language": "c.language",
    "shift": "c.shift::text",
    "stage": STAGE_SQL,
    "parallel": "c.parallel::text",
}
CONTINGENT_KEYS = ("classes", "pupils", "boys", "girls", "special_needs", "home_schooled")


def _rows(sql, params):
    with connections[read_db()].cursor() as cursor:
        cursor.execute(sql, params)
        names = [c.name for c in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _ids(schools):
    """School ids of a queryset or an iterable of schools or ids (the scope, already visible_to)."""
    if hasattr(schools, "values_list"):
        return list(schools.values_list("pk", flat=True))
    return [getattr(s, "pk", s) for s in schools]


def _key_sql(level):
    return "c.id" if level == "class" else LEVEL_KEYS[level]


# -- contingent (RPT-1, RPT-5) ---------------------------------------------------------------------------

_PUPILS_CTE = """
WITH ev AS (
    SELECT m.to_class_id AS class_id, 1 AS sign, m.student_id
      FROM contingent_movement m
     WHERE m.school_id = ANY(%(schools)s) AND m.date <= %(on)s AND m.to_class_id IS NOT NULL
    UNION ALL
    SELECT m.from_class_id, -1, m.student_id
      FROM contingent_movement m
     WHERE m.school_id = ANY(%(schools)s) AND m.date <= %(on)s AND m.from_class_id IS NOT NULL
), per_class AS (
    SELECT ev.class_id,
           SUM(ev.sign) AS pupils,
           SUM(ev.sign) FILTER (WHERE p.sex = 'm') AS boys,
           SUM(ev.sign) FILTER (WHERE p.sex <> 'm') AS girls,
           SUM(ev.sign) FILTER (WHERE st.special_needs) AS special_needs,
           SUM(ev.sign) FILTER (WHERE st.home_schooled) AS home_schooled
      FROM ev
      JOIN contingent_student st ON st.id = ev.student_id
      JOIN core_person p ON p.id = st.person_id
  GROUP BY ev.class_id
)
"""


def contingent(schools, on_date, level="school", by=None):
    """Classes and pupils as of `on_date`, per organisation of `level` (and per `by`: language, shift,
    stage or parallel). A class counts when it has pupils on that day."""
    return contingent_sets(schools, on_date, [(level, by)])[(level, by)]


def contingent_sets(schools, on_date, wanted):
    """`contingent()` for several (level, by) pairs in one statement: the pupils of each class are
    counted once from the movements, then grouped by one GROUPING SETS per pair. Returns
    {(level, by): rows}, each row as `contingent()` gives it."""
    exprs, sets = [], {}
    for level, by in wanted:
        parts = [] if level == "republic" else [_key_sql(level)]
        if by is not None:
            parts.append(CONTINGENT_DIMENSIONS[by])
        exprs += [e for e in parts if e not in exprs]
        sets[(level, by)] = parts

    def mask(parts):  # GROUPING(): a bit set for each expression the set does not group, first one highest
        return sum(1 << (len(exprs) - 1 - i) for i, e in enumerate(exprs) if e not in parts)

    columns = "".join(f"{e} AS g{i}, " for i, e in enumerate(exprs))
    grouping = f"GROUPING({', '.join(exprs)})" if exprs else "0"
    group_sets = ", ".join(dict.fromkeys(f"({', '.join(parts)})" for parts in sets.values()))
    sql = (
        _PUPILS_CTE
        + f"""
    SELECT {columns}{grouping} AS grouping_mask,
           COUNT(*) AS classes,
           SUM(pc.pupils)::int AS pupils,
           COALESCE(SUM(pc.boys), 0)::int AS boys,
           COALESCE(SUM(pc.girls), 0)::int AS girls,
           COALESCE(SUM(pc.special_needs), 0)::int AS special_needs,
           COALESCE(SUM(pc.home_schooled), 0)::int AS home_schooled
      FROM per_class pc
      JOIN contingent_schoolclass c ON c.id = pc.class_id
      JOIN core_school s ON s.id = c.school_id
      JOIN core_district d ON d.id = s.district_id
     WHERE pc.pupils > 0
  GROUP BY GROUPING SETS ({group_sets})
    HAVING COUNT(*) > 0
    """
    )
    rows = _rows(sql, {"schools": _ids(schools), "on": on_date})
    result = {}
    for (level, by), parts in sets.items():
        m = mask(parts)
        key = "0" if level == "republic" else _key_sql(level)
        out = []
        for r in rows:
            if r["grouping_mask"] != m:
                continue
            figures = {k: r[k] for k in CONTINGENT_KEYS}
            dim = r[f"g{exprs.index(CONTINGENT_DIMENSIONS[by])}"] if by is not None else ""
            out.append({"key": 0 if key == "0" else r[f"g{exprs.index(key)}"], "dim": dim, **figures})
        out.sort(key=lambda r: (r["key"], r["dim"]))
        result[(level, by)] = out
    return result


def class_movement(schools, date_from, date_to, level="class"):
    """Per organisation of `level`: pupils at the start of the day `date_from`, arrivals and departures
    over the period (every movement into or out of it, class changes included at class level) and at
    the end of `date_to`. The start and end are `contingent()` on the two days."""
    key = _key_sql(level)
    own = "" if level == "class" else "AND NOT (m.from_class_id IS NOT NULL AND m.to_class_id IS NOT NULL)"
    sql = f"""
    WITH ev AS (
        SELECT m.to_class_id AS class_id, 1 AS sign, m.date FROM contingent_movement m
         WHERE m.school_id = ANY(%(schools)s) AND m.date <= %(to)s AND m.to_class_id IS NOT NULL {own}
        UNION ALL
        SELECT m.from_class_id, -1, m.date FROM contingent_movement m
         WHERE m.school_id = ANY(%(schools)s) AND m.date <= %(to)s AND m.from_class_id IS NOT NULL {own}
    )
    SELECT {key} AS key,
           COALESCE(SUM(ev.sign) FILTER (WHERE ev.date < %(from)s), 0)::int AS start,
           COUNT(*) FILTER (WHERE ev.sign = 1 AND ev.date >= %(from)s)::int AS arrivals,
           COUNT(*) FILTER (WHERE ev.sign = -1 AND ev.date >= %(from)s)::int AS departures
      FROM ev
      JOIN contingent_schoolclass c ON c.id = ev.class_id
      JOIN core_school s ON s.id = c.school_id
      JOIN core_district d ON d.id = s.district_id
  GROUP BY 1
  ORDER BY 1
    """
    rows = _rows(sql, {"schools": _ids(schools), "from": date_from, "to": date_to})
    for r in rows:
        r["end"] = r["start"] + r["arrivals"] - r["departures"]
    return [r for r in rows if r["start"] or r["arrivals"] or r["departures"]]


def movement(schools, date_from, date_to, level="school"):
    """Movement of students by order over a period (RPT-1): enrolments, transfers between classes,
    departures by reason, graduates, repeaters."""
    key = LEVEL_KEYS[level]
    sql = f"""
    SELECT {key} AS key,
           COUNT(*) FILTER (WHERE m.kind = 'enrolment' AND m.from_class_id IS NULL)::int AS admitted,
           COUNT(*) FILTER (WHERE m.kind IN ('transfer', 'disbanding'))::int AS transferred,
           COUNT(*) FILTER (WHERE m.kind = 'expulsion')::int AS left_school,
           COUNT(*) FILTER (WHERE m.kind = 'expulsion' AND m.reason = 'transfer_school')::int AS to_other_school,
           COUNT(*) FILTER (WHERE m.kind = 'expulsion' AND m.reason IN ('moved_away', 'abroad'))::int AS moved_away,
           COUNT(*) FILTER (WHERE m.kind = 'promotion')::int AS promoted,
           COUNT(*) FILTER (WHERE m.kind = 'repetition')::int AS repeating,
           COUNT(*) FILTER (WHERE m.kind = 'graduation')::int AS graduated
      FROM contingent_movement m
      JOIN core_school s ON s.id = m.school_id
      JOIN core_district d ON d.id = s.district_id
     WHERE m.school_id = ANY(%(schools)s) AND m.date BETWEEN %(from)s AND %(to)s
  GROUP BY 1
  ORDER BY 1
    """
    return _rows(sql, {"schools": _ids(schools), "from": date_from, "to": date_to})


HONOURS_KINDS = ("certificate_basic_honours", "attestat_general_honours", "altyn_belgi")


def graduates(schools, date_from, date_to, level="school"):
    """Graduates of the period by the education completed, and those with honours (a valid issued
    attestat or certificate "with honours", or the Altyn belgi)."""
    key = LEVEL_KEYS[level]
    sql = f"""
    SELECT {key} AS key,
           COUNT(*)::int AS graduates,
           COUNT(*) FILTER (WHERE st.graduation_level = 'basic')::int AS basic,
           COUNT(*) FILTER (WHERE st.graduation_level = 'general')::int AS general,
           COUNT(*) FILTER (WHERE EXISTS (
               SELECT 1 FROM strict_forms_issueddocument i
                 JOIN strict_forms_blank b ON b.id = i.blank_id
                 JOIN strict_forms_blankkind k ON k.id = b.kind_id
                WHERE i.student_id = st.id AND i.status = 'valid' AND k.code = ANY(%(honours)s)))::int AS honours
      FROM contingent_student st
      JOIN core_school s ON s.id = st.school_id
      JOIN core_district d ON d.id = s.district_id
     WHERE st.school_id = ANY(%(schools)s) AND st.status = 'graduated'
       AND st.left_on BETWEEN %(from)s AND %(to)s
  GROUP BY 1
  ORDER BY 1
    """
    params = {"schools": _ids(schools), "from": date_from, "to": date_to, "honours": list(HONOURS_KINDS)}
    return _rows(sql, params)


def _summed_per_school(level, ctes, sums, params):
    """Figures counted per school in `ctes` (each CTE has a `school_id` column), summed per
    organisation of `level`; a school without rows counts 0. `sums`: (name, expression over the CTEs
    and the school `s`)."""
    joins = "".join(f"\n      LEFT JOIN {name} ON {name}.school_id = s.id" for name in ctes)
    select = ",\n           ".join(f"COALESCE(SUM({expr}), 0)::int AS {name}" for name, expr in sums)
    ctes_sql = ",\n    ".join(f"{name} AS ({sql})" for name, sql in ctes.items())
    sql = f"""
    WITH {ctes_sql}
    SELECT {LEVEL_KEYS[level]} AS key,
           {select}
      FROM core_school s
      JOIN core_district d ON d.id = s.district_id{joins}
     WHERE s.id = ANY(%(schools)s)
  GROUP BY 1
  ORDER BY 1
    """
    return _rows(sql, params)


def coverage(schools, on_date, level="school"):
    """Coverage of the registered students by class places, home schooling and the design capacity:
    registered = studying students; in classes = those placed in a class; occupancy = pupils in
    classes / design capacity of the schools that state one."""
    students = """
        SELECT st.school_id,
               COUNT(*) AS registered,
               COUNT(*) FILTER (WHERE st.school_class_id IS NOT NULL) AS placed,
               COUNT(*) FILTER (WHERE st.school_class_id IS NULL) AS waiting,
               COUNT(*) FILTER (WHERE st.home_schooled) AS home_schooled
          FROM contingent_student st
         WHERE st.school_id = ANY(%(schools)s) AND st.status = 'studying' AND st.admitted_on <= %(on)s
      GROUP BY st.school_id"""
    sums = [
        ("registered", "st.registered"),
        ("placed", "st.placed"),
        ("waiting", "st.waiting"),
        ("home_schooled", "st.home_schooled"),
        ("capacity", "s.design_capacity"),
        ("placed_with_capacity", "CASE WHEN s.design_capacity > 0 THEN st.placed END"),
    ]
    rows = _summed_per_school(level, {"st": students}, sums, {"schools": _ids(schools), "on": on_date})
    for r in rows:
        r["placed_percent"] = percent(r["placed"], r["registered"])
        r["occupancy_percent"] = percent(r["placed_with_capacity"], r["capacity"])
    return rows


def percent(part, whole):
    """A percentage with two decimals, as DOMAIN 2.1 prints them; None when there is nothing to divide."""
    if not whole:
        return None
    return round(100 * part / whole, 2)


# -- staff (RPT-1, RPT-3) --------------------------------------------------------------------------------

_ACTIVE_ON = "e.hired_on <= %(on)s AND (e.dismissed_on IS NULL OR e.dismissed_on > %(on)s)"
AGE_SQL = """CASE WHEN p.birth_date IS NULL THEN 'unknown'
    WHEN p.birth_date > %(on)s - interval '30 years' THEN '<30'
    WHEN p.birth_date > %(on)s - interval '40 years' THEN '30-39'
    WHEN p.birth_date > %(on)s - interval '50 years' THEN '40-49'
    WHEN p.birth_date > %(on)s - interval '60 years' THEN '50-59'
    ELSE '60+' END"""
SENIORITY_SQL = """CASE WHEN e.seniority_teaching < 3 THEN '0-2'
    WHEN e.seniority_teaching < 5 THEN '3-4' WHEN e.seniority_teaching < 10 THEN '5-9'
    WHEN e.seniority_teaching < 20 THEN '10-19' ELSE '20+' END"""
COURSES_SQL = """CASE WHEN EXISTS (SELECT 1 FROM staff_course co WHERE co.employee_id = e.id
    AND co.status = 'completed' AND co.end > %(on)s - interval '5 years' AND co.end <= %(on)s)
    THEN 'yes' ELSE 'no' END"""
STAFF_DIMENSIONS = {
    None: "''",
    "category": "e.qualification_category",
    "group": "e.staff_group",
    "sex": "p.sex",
    "age": AGE_SQL,
    "seniority": SENIORITY_SQL,
    "courses": COURSES_SQL,
}
# Dimensions held in the personal file's lists: an employee counts once per distinct value.
STAFF_LIST_DIMENSIONS = {
    "specialty": """LATERAL (SELECT DISTINCT NULLIF(trim(ed.speciality), '') AS v
                    FROM staff_education ed WHERE ed.employee_id = e.id) x""",
    "subject": """LATERAL (SELECT DISTINCT NULLIF(trim(t), '') AS v FROM staff_workrecord w,
                    regexp_split_to_table(w.subjects, '\\s*[,;]\\s*') t
                    WHERE w.employee_id = e.id AND w.end IS NULL) x""",
    "language": """LATERAL (SELECT DISTINCT NULLIF(trim(w.language), '') AS v FROM staff_workrecord w
                    WHERE w.employee_id = e.id AND w.end IS NULL) x""",
}
YOUNG_SPECIALIST_YEARS = 3


def staff(schools, on_date, level="school", by=None, teaching_only=False):
    """Employees working on `on_date` per organisation (and per `by`), with teachers, young
    specialists (under 3 years of teaching) and staff units."""
    key = LEVEL_KEYS[level]
    if by in STAFF_LIST_DIMENSIONS:
        dim, join = "x.v", f"LEFT JOIN {STAFF_LIST_DIMENSIONS[by]} ON true"
    else:
        dim, join = STAFF_DIMENSIONS[by], ""
    teaching = "AND e.staff_group IN ('teaching', 'head')" if teaching_only else ""
    sql = f"""
    SELECT {key} AS key, COALESCE({dim}, '') AS dim,
           COUNT(DISTINCT e.id)::int AS employees,
           COUNT(DISTINCT e.id) FILTER (WHERE e.staff_group IN ('teaching', 'head'))::int AS teachers,
           COUNT(DISTINCT e.id) FILTER (WHERE e.staff_group = 'teaching'
                                        AND e.seniority_teaching < {YOUNG_SPECIALIST_YEARS})::int AS young,
           COALESCE(SUM(e.rate), 0)::float AS rate
      FROM staff_employee e
      JOIN core_person p ON p.id = e.person_id
      JOIN core_school s ON s.id = e.school_id
      JOIN core_district d ON d.id = s.district_id
      {join}
     WHERE e.school_id = ANY(%(schools)s) AND {_ACTIVE_ON} {teaching}
  GROUP BY 1, 2
  ORDER BY 1, 2
    """
    return _rows(sql, {"schools": _ids(schools), "on": on_date})


def staff_changes(schools, date_from, date_to, level="school"):
    """Changes in staff numbers: at the start, hired, dismissed, at the end (start + hired - dismissed
    = end), teachers among them."""
    key = LEVEL_KEYS[level]
    sql = f"""
    SELECT {key} AS key,
           COUNT(*) FILTER (WHERE e.hired_on < %(from)s AND (e.dismissed_on IS NULL OR e.dismissed_on >= %(from)s))::int AS start,
           COUNT(*) FILTER (WHERE e.hired_on BETWEEN %(from)s AND %(to)s)::int AS hired,
           COUNT(*) FILTER (WHERE e.dismissed_on BETWEEN %(from)s AND %(to)s)::int AS dismissed,
           COUNT(*) FILTER (WHERE e.hired_on <= %(to)s AND (e.dismissed_on IS NULL OR e.dismissed_on > %(to)s))::int AS "end"
      FROM staff_employee e
      JOIN core_school s ON s.id = e.school_id
      JOIN core_district d ON d.id = s.district_id
     WHERE e.school_id = ANY(%(schools)s)
  GROUP BY 1
  ORDER BY 1
    """
    return _rows(sql, {"schools": _ids(schools), "from": date_from, "to": date_to})


def attestation(schools, on_date, level="district"):
    """Teacher attestation (RPT-3): teaching staff by qualification category and role (teacher, class
    teacher, head), with those whose attestation is due (teachers 5 years, heads 3; DOMAIN 5.1)."""
    key = LEVEL_KEYS[level]
    sql = f"""
    SELECT {key} AS key, e.qualification_category AS dim,
           COUNT(*)::int AS total,
           COUNT(*) FILTER (WHERE e.staff_group = 'teaching')::int AS teachers,
           COUNT(*) FILTER (WHERE EXISTS (SELECT 1 FROM contingent_schoolclass c
               WHERE c.class_teacher_id = e.id AND c.is_active))::int AS class_teachers,
           COUNT(*) FILTER (WHERE e.staff_group = 'head')::int AS heads,
           COUNT(*) FILTER (WHERE e.attested_on IS NULL
               OR (e.staff_group = 'head' AND e.attested_on <= %(on)s - interval '3 years')
               OR (e.staff_group = 'teaching' AND e.attested_on <= %(on)s - interval '5 years'))::int AS due
      FROM staff_employee e
      JOIN core_school s ON s.id = e.school_id
      JOIN core_district d ON d.id = s.district_id
     WHERE e.school_id = ANY(%(schools)s) AND e.staff_group IN ('teaching', 'head') AND {_ACTIVE_ON}
  GROUP BY 1, 2
  ORDER BY 1, 2
    """
    return _rows(sql, {"schools": _ids(schools), "on": on_date})


# -- olympiads (RPT-1) -----------------------------------------------------------------------------------


def competition_results(schools, date_from, date_to, level="school"):
    """Olympiad and competition results per organisation and level: prize winners (places 1-3) and
    participants."""
    key = LEVEL_KEYS[level]
    sql = f"""
    SELECT {key} AS key, r.level AS dim,
           COUNT(*) FILTER (WHERE r.place <= 3)::int AS winners,
           COUNT(*) FILTER (WHERE r.place = 1)::int AS first,
           COUNT(*)::int AS results
      FROM reports_competitionresult r
      JOIN core_school s ON s.id = r.school_id
      JOIN core_district d ON d.id = s.district_id
     WHERE r.school_id = ANY(%(schools)s) AND r.date BETWEEN %(from)s AND %(to)s
  GROUP BY 1, 2
  ORDER BY 1, 2
    """
    return _rows(sql, {"schools": _ids(schools), "from": date_from, "to": date_to})


# -- data completeness and activity (RPT-2, RPT-3) ---------------------------------------------------------

COMPLETENESS_INDICATORS = (
    ("students_identified", _("students with IIN, date of birth and sex")),
    ("students_guardians", _("students with a parent or guardian")),
    ("classes_teacher", _("classes with a class teacher")),
    ("staff_category", _("teaching staff with a category or internship stated")),
    ("staff_education", _("employees with their education recorded")),
    ("card", _("school card filled in (director, phone, e-mail, licence, accreditation, capacity)")),
)


def completeness(schools, level="school", with_total=False):
    """How completely each organisation fills in its data: each indicator is a percentage of the
    records that have it; the organisation's completeness is the mean of its indicators, and a
    higher level's the mean over its schools. `with_total` adds, by the same statement, the row of
    the whole scope (key None: the mean over all its schools)."""
    key = LEVEL_KEYS[level]
    group = "GROUPING SETS ((key), ())" if with_total else "1"
    sql = f"""
    WITH st AS (
        SELECT st.school_id, COUNT(*) AS n,
               COUNT(*) FILTER (WHERE p.iin IS NOT NULL AND p.birth_date IS NOT NULL AND p.sex <> '') AS identified,
               COUNT(*) FILTER (WHERE EXISTS (SELECT 1 FROM contingent_guardianlink g WHERE g.student_id = st.id)) AS guardians
          FROM contingent_student st JOIN core_person p ON p.id = st.person_id
         WHERE st.school_id = ANY(%(schools)s) AND st.status = 'studying'
      GROUP BY st.school_id
    ), cl AS (
        SELECT c.school_id, COUNT(*) AS n, COUNT(c.class_teacher_id) AS with_teacher
          FROM contingent_schoolclass c JOIN core_academicyear y ON y.id = c.academic_year_id
         WHERE c.school_id = ANY(%(schools)s) AND c.is_active AND y.is_current
      GROUP BY c.school_id
    ), em AS (
        SELECT e.school_id, COUNT(*) AS n,
               COUNT(*) FILTER (WHERE e.staff_group IN ('teaching', 'head')) AS teaching,
               COUNT(*) FILTER (WHERE e.staff_group IN ('teaching', 'head') AND e.qualification_category <> '') AS categorised,
               COUNT(*) FILTER (WHERE EXISTS (SELECT 1 FROM staff_education ed WHERE ed.employee_id = e.id)) AS educated
          FROM staff_employee e
         WHERE e.school_id = ANY(%(schools)s) AND e.status = 'active'
      GROUP BY e.school_id
    ), per_school AS (
        SELECT s.id AS school_id,
               100.0 * COALESCE(st.identified, 0) / NULLIF(st.n, 0) AS students_identified,
               100.0 * COALESCE(st.guardians, 0) / NULLIF(st.n, 0) AS students_guardians,
               100.0 * COALESCE(cl.with_teacher, 0) / NULLIF(cl.n, 0) AS classes_teacher,
               100.0 * COALESCE(em.categorised, 0) / NULLIF(em.teaching, 0) AS staff_category,
               100.0 * COALESCE(em.educated, 0) / NULLIF(em.n, 0) AS staff_education,
               100.0 * ((s.director_name <> '')::int + (s.phone <> '')::int + (s.email <> '')::int
                        + (s.licence_number <> '')::int + (s.accreditation_number <> '')::int
                        + (s.design_capacity IS NOT NULL)::int) / 6 AS card
          FROM core_school s
          LEFT JOIN st ON st.school_id = s.id
          LEFT JOIN cl ON cl.school_id = s.id
          LEFT JOIN em ON em.school_id = s.id
         WHERE s.id = ANY(%(schools)s)
    )
    SELECT {key} AS key, COUNT(*)::int AS schools,
           ROUND(AVG(COALESCE(students_identified, 0))::numeric, 2)::float AS students_identified,
           ROUND(AVG(COALESCE(students_guardians, 0))::numeric, 2)::float AS students_guardians,
           ROUND(AVG(COALESCE(classes_teacher, 0))::numeric, 2)::float AS classes_teacher,
           ROUND(AVG(COALESCE(staff_category, 0))::numeric, 2)::float AS staff_category,
           ROUND(AVG(COALESCE(staff_education, 0))::numeric, 2)::float AS staff_education,
           ROUND(AVG(card)::numeric, 2)::float AS card,
           ROUND(AVG((COALESCE(students_identified, 0) + COALESCE(students_guardians, 0)
                      + COALESCE(classes_teacher, 0) + COALESCE(staff_category, 0)
                      + COALESCE(staff_education, 0) + card) / 6)::numeric, 2)::float AS completeness
      FROM per_school ps
      JOIN core_school s ON s.id = ps.school_id
      JOIN core_district d ON d.id = s.district_id
  GROUP BY {group}
  ORDER BY 1
    """
    return _rows(sql, {"schools": _ids(schools)})


def activity(schools, date_from, date_to, level="school"):
    """Users and their logins (RPT-3 activity): users holding a role at the school, those who logged
    in during the period, the number of logins and logins per user."""
    ctes = {
        "users": """
        SELECT ra.school_id, COUNT(DISTINCT ra.user_id) AS users,
               COUNT(DISTINCT ra.user_id) FILTER (WHERE ra.role IN ('teacher', 'class_teacher')) AS teachers,
               COUNT(DISTINCT ra.user_id) FILTER (WHERE ra.role IN ('parent', 'student')) AS families
          FROM core_roleassignment ra JOIN core_user u ON u.id = ra.user_id
         WHERE ra.school_id = ANY(%(schools)s) AND u.is_active
           AND (ra.valid_from IS NULL OR ra.valid_from <= %(to)s) AND (ra.valid_to IS NULL OR ra.valid_to >= %(from)s)
      GROUP BY ra.school_id""",
        "logins": """
        SELECT l.school_id, COUNT(*) AS logins, COUNT(DISTINCT l.user_id) AS active_users
          FROM core_loginevent l
         WHERE l.school_id = ANY(%(schools)s) AND l.at >= %(from)s AND l.at < %(to)s::date + 1
      GROUP BY l.school_id""",
    }
    sums = [
        ("users", "users.users"),
        ("teachers", "users.teachers"),
        ("families", "users.families"),
        ("active_users", "logins.active_users"),
        ("logins", "logins.logins"),
    ]
    params = {"schools": _ids(schools), "from": date_from, "to": date_to}
    rows = _summed_per_school(level, ctes, sums, params)
    for r in rows:
        r["active_percent"] = percent(r["active_users"], r["users"])
        r["logins_per_user"] = round(r["logins"] / r["active_users"], 1) if r["active_users"] else 0
    return rows


def most_active_teachers(schools, date_from, date_to, limit=10):
    """The teachers who logged in most often in the period (RPT-2)."""
    sql = """
    SELECT l.user_id, l.school_id, COUNT(*)::int AS logins, MAX(l.at) AS last_login
      FROM core_loginevent l
     WHERE l.school_id = ANY(%(schools)s) AND l.at >= %(from)s AND l.at < %(to)s::date + 1
       AND EXISTS (SELECT 1 FROM core_roleassignment ra WHERE ra.user_id = l.user_id
                   AND ra.school_id = l.school_id AND ra.role IN ('teacher', 'class_teacher'))
  GROUP BY 1, 2
  ORDER BY 3 DESC, 1
     LIMIT %(limit)s
    """
    return _rows(sql, {"schools": _ids(schools), "from": date_from, "to": date_to, "limit": limit})


# -- summaries used by the drill-down ---------------------------------------------------------------------


@dataclass
class Period:
    date_from: datetime.date
    date_to: datetime.date


def school_year_start(day):
    """1 September of the school year `day` belongs to (DOMAIN 8.1)."""
    return datetime.date(day.year if day.month >= 9 else day.year - 1, 9, 1)


SUMMED = ("classes", "pupils", "teachers", "employees")


def summary(schools, level, on_date, date_from=None, contingent_rows=None):
    """The drill-down's figures per organisation of `level`: classes, pupils, teachers, employees, data
    completeness and the quality and success of the last period's marks; one aggregation each, merged
    by key. Returns (figures by key, the whole scope's figures, completeness rows): the whole scope's
    counts are the sums of its organisations' (the marks' percentages computed from the summed
    counts), its completeness the mean over all its schools, from the same statement as theirs.
    `contingent_rows`: `contingent(schools, on_date, level)` when the caller has read it already."""
    figures, marks = {}, {k: 0 for k in PERFORMANCE_COUNTS}
    for r in performance(schools, date_from or school_year_start(on_date), on_date, level):
        figures.setdefault(r["key"], {}).update(_quality_success(r["figures"]))
        for k in PERFORMANCE_COUNTS:
            marks[k] += r[k]
    if contingent_rows is None:
        contingent_rows = contingent(schools, on_date, level)
    for r in contingent_rows:
        figures.setdefault(r["key"], {}).update(classes=r["classes"], pupils=r["pupils"])
    rows = []
    if level != "class":
        for r in staff(schools, on_date, level):
            figures.setdefault(r["key"], {}).update(teachers=r["teachers"], employees=r["employees"])
        rows = completeness(schools, level, with_total=True)
        for r in rows:
            if r["key"] is not None:
                figures.setdefault(r["key"], {}).update(completeness=r["completeness"])
    total = {k: sum(f.get(k) or 0 for f in figures.values()) for k in SUMMED}
    total.update(_quality_success(performance_figures(marks)))
    whole = [r for r in rows if r["key"] is None]
    if whole:
        total["completeness"] = whole[0]["completeness"]
    return figures, total, [r for r in rows if r["key"] is not None]


def _quality_success(p):
    return {
        "quality": None if p.quality is None else float(p.quality),
        "success": None if p.success is None else float(p.success),
    }


# -- the journal: performance, attendance, marks, homework, cancellations, keeping (RPT-1, RPT-3) ---------

_LESSON_KEY = {
    "class": "cs.school_class_id",
}


def _lesson_key(level):
    return _LESSON_KEY.get(level) or LEVEL_KEYS[level]


_LESSON_JOIN = """
      JOIN planning_subgroup sg ON sg.id = l.subgroup_id
      JOIN planning_classsubject cs ON cs.id = sg.class_subject_id
      JOIN core_school s ON s.id = l.school_id
      JOIN core_district d ON d.id = s.district_id
"""


def performance(schools, date_from, date_to, level="school"):
    """Counts of period marks (DOMAIN 2.1) per organisation: each school's last period that ended within
    the dates; students who left before its end are not counted. The percentages are computed from
    these counts by `journal.statistics.Performance`, the definition the journal itself uses.

    The marks are counted per school (or class) first, by an index-only scan of the period's marks
    (journal's final_mark_period_school index); the organisations' keys are joined to those few rows."""
    by_class = level == "class"
    counts = ",\n               ".join(
        f"COUNT(*) FILTER (WHERE {condition}) AS {name}" for name, condition in _PERFORMANCE_CONDITIONS
    )
    sums = ",\n           ".join(f"SUM(c.{name})::int AS {name}" for name, _c in _PERFORMANCE_CONDITIONS)
    sql = f"""
    WITH last_period AS (
        SELECT DISTINCT ON (y.school_id) y.school_id, p.id AS period_id, p.end AS period_end
          FROM core_period p JOIN core_academicyear y ON y.id = p.academic_year_id
         WHERE y.school_id = ANY(%(schools)s) AND p.end BETWEEN %(from)s AND %(to)s
      ORDER BY y.school_id, p.end DESC
    ), counted AS (
        SELECT f.school_id, {"cs.school_class_id" if by_class else "NULL::bigint"} AS class_id,
               {counts}
          FROM journal_finalmark f
          JOIN last_period lp ON lp.period_id = f.period_id
          JOIN contingent_student st ON st.id = f.student_id
          {"JOIN planning_classsubject cs ON cs.id = f.class_subject_id" if by_class else ""}
         WHERE f.school_id = ANY(%(schools)s) AND (st.left_on IS NULL OR st.left_on > lp.period_end)
      GROUP BY 1, 2
    )
    SELECT {"c.class_id" if by_class else LEVEL_KEYS[level]} AS key,
           {sums}
      FROM counted c
      JOIN core_school s ON s.id = c.school_id
      JOIN core_district d ON d.id = s.district_id
  GROUP BY 1
  ORDER BY 1
    """
    rows = _rows(sql, {"schools": _ids(schools), "from": date_from, "to": date_to})
    for r in rows:
        r["figures"] = performance_figures(r)
    return rows


_PERFORMANCE_CONDITIONS = (
    ("n5", "f.status = 'mark' AND f.value = 5"),
    ("n4", "f.status = 'mark' AND f.value = 4"),
    ("n3", "f.status = 'mark' AND f.value = 3"),
    ("n2", "f.status = 'mark' AND f.value = 2"),
    ("not_attested", "f.status = 'na'"),
    ("exempt", "f.status = 'exempt'"),
    ("passed", "f.status = 'pass'"),
    ("failed", "f.status = 'fail'"),
)


PERFORMANCE_COUNTS = ("n5", "n4", "n3", "n2", "not_attested", "exempt", "passed", "failed")


def performance_figures(counts):
    from journal.statistics import Performance

    return Performance(**{k: counts[k] for k in PERFORMANCE_COUNTS})


def attendance(schools, date_from, date_to, level="school"):
    """Lessons held and the absences recorded at them: excused (illness or a note), unexcused, late."""
    key = _lesson_key(level)
    sql = f"""
    SELECT {key} AS key,
           COUNT(DISTINCT l.id)::int AS lessons,
           COUNT(a.id) FILTER (WHERE a.status = 'absent')::int AS absences,
           COUNT(a.id) FILTER (WHERE a.status = 'absent' AND a.reason IN ('illness', 'excused'))::int AS excused,
           COUNT(a.id) FILTER (WHERE a.status = 'absent' AND a.reason = 'illness')::int AS illness,
           COUNT(a.id) FILTER (WHERE a.status = 'late')::int AS late
      FROM journal_lesson l
      {_LESSON_JOIN}
      LEFT JOIN journal_attendance a ON a.lesson_id = l.id
     WHERE l.school_id = ANY(%(schools)s) AND l.date BETWEEN %(from)s AND %(to)s AND NOT l.is_cancelled
  GROUP BY 1
  ORDER BY 1
    """
    rows = _rows(sql, {"schools": _ids(schools), "from": date_from, "to": date_to})
    for r in rows:
        r["unexcused"] = r["absences"] - r["excused"]
    return rows


def mark_statistics(schools, date_from, date_to, level="school"):
    """Current marks by value (5-point scale) and the average mark; ФО on 10 points and the summative
    works (СОР, СОЧ) as the mean percentage of their maximum."""
    key = _lesson_key(level)
    sql = f"""
    SELECT {key} AS key,
           COUNT(*) FILTER (WHERE m.kind = 'current')::int AS current,
           COUNT(*) FILTER (WHERE m.kind = 'current' AND m.value = 5)::int AS m5,
           COUNT(*) FILTER (WHERE m.kind = 'current' AND m.value = 4)::int AS m4,
           COUNT(*) FILTER (WHERE m.kind = 'current' AND m.value = 3)::int AS m3,
           COUNT(*) FILTER (WHERE m.kind = 'current' AND m.value <= 2)::int AS m2,
           ROUND(AVG(m.value) FILTER (WHERE m.kind = 'current'), 2)::float AS average,
           COUNT(*) FILTER (WHERE m.kind = 'fo')::int AS fo,
           ROUND(AVG(m.value) FILTER (WHERE m.kind = 'fo'), 2)::float AS fo_average,
           COUNT(*) FILTER (WHERE m.kind IN ('sor', 'soch'))::int AS summative,
           ROUND(AVG(100.0 * m.value / m.max_points) FILTER (WHERE m.kind IN ('sor', 'soch')), 2)::float AS summative_percent
      FROM journal_mark m
      JOIN journal_lesson l ON l.id = m.lesson_id
      {_LESSON_JOIN}
     WHERE l.school_id = ANY(%(schools)s) AND l.date BETWEEN %(from)s AND %(to)s
  GROUP BY 1
  ORDER BY 1
    """
    return _rows(sql, {"schools": _ids(schools), "from": date_from, "to": date_to})


def lessons(schools, date_from, date_to, level="school"):
    """Lessons of the period: held, cancelled, substituted, with homework, and how the journal is
    kept (attendance taken by the end of the lesson's day, topic written), up to today."""
    key = _lesson_key(level)
    sql = f"""
    SELECT {key} AS key,
           COUNT(*) FILTER (WHERE NOT l.is_cancelled)::int AS held,
           COUNT(*) FILTER (WHERE l.is_cancelled)::int AS cancelled,
           COUNT(*) FILTER (WHERE l.is_substitute AND NOT l.is_cancelled)::int AS substituted,
           COUNT(*) FILTER (WHERE NOT l.is_cancelled AND (l.homework <> '' OR l.homework_file <> ''))::int AS homework,
           COUNT(*) FILTER (WHERE NOT l.is_cancelled AND l.attendance_taken_at IS NOT NULL
                            AND (l.attendance_taken_at AT TIME ZONE %(tz)s)::date <= l.date)::int AS attendance_in_time,
           COUNT(*) FILTER (WHERE NOT l.is_cancelled AND l.topic <> '')::int AS with_topic
      FROM journal_lesson l
      {_LESSON_JOIN}
     WHERE l.school_id = ANY(%(schools)s) AND l.date BETWEEN %(from)s AND LEAST(%(to)s, %(today)s)
  GROUP BY 1
  ORDER BY 1
    """
    from django.conf import settings
    from django.utils import timezone

    params = {
        "schools": _ids(schools),
        "from": date_from,
        "to": date_to,
        "today": timezone.localdate(),
        "tz": settings.TIME_ZONE,
    }
    rows = _rows(sql, params)
    for r in rows:
        r["homework_percent"] = percent(r["homework"], r["held"])
        r["kept_percent"] = percent(r["attendance_in_time"], r["held"])
        r["topic_percent"] = percent(r["with_topic"], r["held"])
    return rows


# -- change history (RPT-3) --------------------------------------------------------------------------------

HISTORY_MODELS = (
    # (app, event model, path from the event to the school)
    ("journal", "MarkEvent", "lesson__school_id"),
    ("journal", "AttendanceEvent", "lesson__school_id"),
    ("journal", "FinalMarkEvent", "school_id"),
    ("journal", "LessonEvent", "school_id"),
    ("contingent", "StudentEvent", "school_id"),
    ("contingent", "MovementEvent", "school_id"),
    ("staff", "EmployeeEvent", "school_id"),
)


def change_history(schools, date_from, date_to):
    """Changes recorded by the history triggers in the period, per kind of record and action (the
    journal's marks, attendance, period marks and lessons; students, movements, employees)."""
    from django.apps import apps
    from django.db.models import Count
    from django.utils import timezone

    ids = _ids(schools)
    # the days as a range of instants (the current time zone's, as __date would read them): a cast of
    # the column to a date hid it from the planner, which then read the whole event table (1.9 s for
    # the attendance events of one school of the large district)
    since = timezone.make_aware(datetime.datetime.combine(date_from, datetime.time.min))
    until = timezone.make_aware(
        datetime.datetime.combine(date_to + datetime.timedelta(days=1), datetime.time.min)
    )
    result = []
    for app, name, path in HISTORY_MODELS:
        model = apps.get_model(app, name)
        counts = dict(
            model.objects.using(read_db())
            .filter(**{f"{path}__in": ids}, pgh_created_at__gte=since, pgh_created_at__lt=until)
            .values_list("pgh_label")
            .annotate(n=Count("pgh_id"))
        )
        result.append({"model": model.pgh_tracked_model, **counts})
    return result


# -- admissions (RPT-1 movement and admission) ----------------------------------------------------------


def admissions(schools, year, date_from, date_to, level="school"):
    """First-grade applications of the admission `year` by status, the catchment children among those
    enrolled, and transfers between schools completed in the period (arrived, left)."""
    transfers = """
        SELECT t.{side}_school_id AS school_id, COUNT(*) AS n FROM admissions_transfer t
         WHERE t.{side}_school_id = ANY(%(schools)s) AND t.status = 'completed'
           AND (t.completed_at AT TIME ZONE %(tz)s)::date BETWEEN %(from)s AND %(to)s
      GROUP BY 1"""
    ctes = {
        "apps": """
        SELECT a.school_id,
               COUNT(*) AS applications,
               COUNT(*) FILTER (WHERE a.status = 'submitted') AS submitted,
               COUNT(*) FILTER (WHERE a.status = 'confirmed') AS confirmed,
               COUNT(*) FILTER (WHERE a.status = 'confirmed' AND a.in_catchment) AS catchment,
               COUNT(*) FILTER (WHERE a.status = 'confirmed' AND a.category <> 'residence') AS quota,
               COUNT(*) FILTER (WHERE a.status = 'refused') AS refused,
               COUNT(*) FILTER (WHERE a.status = 'withdrawn') AS withdrawn
          FROM admissions_application a
         WHERE a.school_id = ANY(%(schools)s) AND a.year = %(year)s
      GROUP BY a.school_id""",
        "t_in": transfers.format(side="to"),
        "t_out": transfers.format(side="from"),
    }
    fields = ("applications", "submitted", "confirmed", "catchment", "quota", "refused", "withdrawn")
    sums = [*((f, f"apps.{f}") for f in fields), ("transfers_in", "t_in.n"), ("transfers_out", "t_out.n")]
    from django.conf import settings

    params = {
        "schools": _ids(schools),
        "year": year,
        "from": date_from,
        "to": date_to,
        "tz": settings.TIME_ZONE,
    }
    return _summed_per_school(level, ctes, sums, params)
