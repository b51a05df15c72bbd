"""The school's grading rule applied: which mark kinds a lesson offers, their scales, and the
period mark proposed from a student's marks (DOMAIN 2.2-2.3, through journal.statistics)."""

from dataclasses import dataclass
from decimal import Decimal

from journal import statistics as st
from journal.models import AssessmentSystem, GradingRule, MarkKind

SCALES = {MarkKind.CURRENT: range(1, 6), MarkKind.FO: range(1, 11)}
DEFAULT_MAX_POINTS = {MarkKind.SOR: 20, MarkKind.SOCH: 25}


def default_rule(school, country=None):
    """Without a rule of its own a Kazakh school uses ФО/СОР/СОЧ at 25/25/50 and a Kyrgyz school
    the traditional 5-point marks with the 2.50/3.50/4.50 thresholds."""
    country = country or getattr(school, "country", "KZ")
    system = AssessmentSystem.TRADITIONAL if country == "KG" else AssessmentSystem.CRITERIA
    return GradingRule(school=school, valid_from=None, system=system)


def rule_for(school, on):
    rule = GradingRule.objects.filter(school=school, valid_from__lte=on).order_by("-valid_from").first()
    return rule or default_rule(school)


def marks_allowed(rule, parallel):
    """Grade 1 gets no marks in Kazakhstan (feedback only) unless the rule says otherwise."""
    return parallel != 1 or rule.marks_in_grade_1


@dataclass
class Proposal:
    value: int | None
    percent: Decimal | None


def propose_period_mark(rule, marks):
    """marks: iterable of objects with kind, value, max_points. Returns the proposed 5-point mark."""
    if rule.system == AssessmentSystem.CRITERIA:
        fo = [m.value for m in marks if m.kind == MarkKind.FO]
        sor = [(m.value, m.max_points) for m in marks if m.kind == MarkKind.SOR]
        soch = [(m.value, m.max_points) for m in marks if m.kind == MarkKind.SOCH]
        pct = st.kz_quarter_percent(
            fo,
            sor,
            soch,
            weights=(rule.fo_weight, rule.sor_weight, rule.soch_weight),
            sor_by_points=rule.sor_by_points,
        )
        if pct is None:
            return Proposal(None, None)
        return Proposal(st.mark_from_percent(pct, round_first=rule.round_percent_first), st.half_up(pct, 2))
    current = [m.value for m in marks if m.kind == MarkKind.CURRENT]
    fo = [st.to_five(m.value, 10) for m in marks if m.kind == MarkKind.FO]
    values = current + fo
    thresholds = st.THRESHOLDS_265 if rule.high_thresholds else st.THRESHOLDS_250
    mean = st.half_up(Decimal(sum(values)) / len(values), 2) if values else None
    return Proposal(st.traditional_period_mark(values, thresholds), mean)


def sou_weights(rule):
    return st.SouWeights(two=rule.sou_two_weight)
