"""The national kinds of strict-reporting blanks (DOMAIN.md 4.1: MES order No. 39 of 28.01.2015 with
amendments; commendation letters as a school-level award, DOMAIN.md 4.2)."""

from django.db import migrations

KINDS = [
    # code, group, position, ru, kk, en
    (
        "certificate_basic",
        "education",
        10,
        "Свидетельство об основном среднем образовании",
        "Негізгі орта білім туралы куәлік",
        "Certificate of basic secondary education",
    ),
    (
        "certificate_basic_honours",
        "education",
        20,
        "Свидетельство об основном среднем образовании с отличием",
        "Үздік негізгі орта білім туралы куәлік",
        "Certificate of basic secondary education with honours",
    ),
    (
        "attestat_general",
        "education",
        30,
        "Аттестат об общем среднем образовании",
        "Жалпы орта білім туралы аттестат",
        "Attestat of general secondary education",
    ),
    (
        "attestat_general_honours",
        "education",
        40,
        "Аттестат об общем среднем образовании с отличием",
        "Үздік жалпы орта білім туралы аттестат",
        "Attestat of general secondary education with honours",
    ),
    (
        "altyn_belgi",
        "education",
        50,
        "Аттестат «Алтын белгі»",
        "«Алтын белгі» аттестаты",
        "Attestat «Altyn belgi»",
    ),
    (
        "certificate_of_education",
        "education",
        60,
        "Свидетельство об образовании",
        "Білім туралы куәлік",
        "Certificate of education",
    ),
    (
        "certificate_appendix",
        "other",
        70,
        "Приложение к свидетельству",
        "Куәлікке қосымша",
        "Appendix to the certificate",
    ),
    (
        "attestat_appendix",
        "other",
        80,
        "Приложение к аттестату",
        "Аттестатқа қосымша",
        "Appendix to the attestat",
    ),
    (
        "commendation_letter",
        "commendation",
        90,
        "Похвальный лист «За отличные успехи в учении»",
        "«Оқудағы үздік жетістіктері үшін» мақтау қағазы",
        "Commendation letter «For excellent progress in studies»",
    ),
    (
        "commendation_certificate",
        "commendation",
        100,
        "Похвальная грамота «За особые успехи в изучении отдельных предметов»",
        "«Жекелеген пәндерді оқудағы ерекше жетістіктері үшін» мақтау грамотасы",
        "Certificate of commendation «For special progress in individual subjects»",
    ),
]


def add_kinds(apps, schema_editor):
    BlankKind = apps.get_model("strict_forms", "BlankKind")
    for code, group, position, ru, kk, en in KINDS:
        BlankKind.objects.update_or_create(
            school=None,
            code=code,
            defaults={"group": group, "position": position, "name_ru": ru, "name_kk": kk, "name_en": en},
        )


def remove_kinds(apps, schema_editor):
    BlankKind = apps.get_model("strict_forms", "BlankKind")
    BlankKind.objects.filter(school=None, code__in=[k[0] for k in KINDS], blanks__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("strict_forms", "0001_initial")]

    operations = [migrations.RunPython(add_kinds, remove_kinds)]
