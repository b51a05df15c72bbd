"""Mark statistics and period marks (DOMAIN.md section 2): pure functions, no database.

The reports, the final-mark proposals and the tests all call these functions, so the worked examples
of DOMAIN 2.1 and 2.3 are tests of the very code the pages use. Every rounding is half-up
(Python's round() is banker's rounding: round(2.5) == 2)."""

from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

NOT_ATTESTED = "na"
EXEMPT = "exempt"
PASS = "pass"
FAIL = "fail"
LEFT = "left"


def half_up(value, places=0):
    """Round half away from zero at `places` decimals: 2.5 -> 3, 64.5 -> 65, 3.705 -> 3.71."""
    quantum = Decimal(1).scaleb(-places)
    return Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class SouWeights:
    """Simonov's weights of the СОУ; some schools use 14 instead of 16 for a "2" (DOMAIN 2.1)."""

    five: int = 100
    four: int = 64
    three: int = 36
    two: int = 16
    not_attested: int = 7


@dataclass
class Performance:
    """Counts over the students' period marks of one subject, class or period (DOMAIN 2.1)."""

    roster: int = 0
    n5: int = 0
    n4: int = 0
    n3: int = 0
    n2: int = 0
    not_attested: int = 0
    exempt: int = 0
    passed: int = 0
    failed: int = 0
    left: int = 0
    no_mark: int = 0
    weights: SouWeights = field(default_factory=SouWeights)
    count_pass_fail_in_success: bool = True

    @property
    def n(self):
        """N: the roster less those who left, the exempt and those with no mark at all; н/а stays in N.
        Students graded pass/fail count in N only for the success figure (the [U] default of 2.1)."""
        return self.n5 + self.n4 + self.n3 + self.n2 + self.not_attested

    @property
    def n_success(self):
        extra = self.passed + self.failed if self.count_pass_fail_in_success else 0
        return self.n + extra

    @property
    def success(self):
        """Успеваемость, % = (n5 + n4 + n3) / N x 100 (зачёт passes, незачёт fails)."""
        if not self.n_success:
            return None
        passed = self.passed if self.count_pass_fail_in_success else 0
        return half_up(Decimal(self.n5 + self.n4 + self.n3 + passed) * 100 / self.n_success, 2)

    @property
    def quality(self):
        """Качество знаний, % = (n5 + n4) / N x 100."""
        if not self.n:
            return None
        return half_up(Decimal(self.n5 + self.n4) * 100 / self.n, 2)

    @property
    def sou(self):
        """СОУ (Simonov), % = (100 n5 + 64 n4 + 36 n3 + 16 n2 + 7 н/а) / N."""
        if not self.n:
            return None
        w = self.weights
        total = (
            w.five * self.n5
            + w.four * self.n4
            + w.three * self.n3
            + w.two * self.n2
            + w.not_attested * self.not_attested
        )
        return half_up(Decimal(total) / self.n, 2)

    @property
    def average(self):
        """Средний балл over 5/4/3/2 only: н/а, exempt and pass/fail are left out."""
        marks = self.n5 + self.n4 + self.n3 + self.n2
        if not marks:
            return None
        return half_up(Decimal(5 * self.n5 + 4 * self.n4 + 3 * self.n3 + 2 * self.n2) / marks, 2)


def performance(outcomes, *, weights=None, count_pass_fail_in_success=True):
    """Counts a list of period outcomes: 5, 4, 3, 2 (marks on the 5-point scale), "na", "exempt",
    "pass", "fail", "left", or None (no mark at all)."""
    counts = Counter(outcomes)
    return Performance(
        roster=len(outcomes),
        n5=counts[5],
        n4=counts[4],
        n3=counts[3],
        n2=counts[2],
        not_attested=counts[NOT_ATTESTED],
        exempt=counts[EXEMPT],
        passed=counts[PASS],
        failed=counts[FAIL],
        left=counts[LEFT],
        no_mark=counts[None],
        weights=weights or SouWeights(),
        count_pass_fail_in_success=count_pass_fail_in_success,
    )


def to_five(mark, scale=5):
    """A mark of a 10-point scale on the 5-point bands of DOMAIN 2.1 (10,9 -> 5; 8,7 -> 4; 6,5 -> 3)."""
    if mark is None or scale == 5:
        return mark
    if scale == 10:
        return 5 if mark >= 9 else 4 if mark >= 7 else 3 if mark >= 5 else 2
    raise ValueError(scale)


# --- the period mark -------------------------------------------------------------------------------

KZ_BANDS = ((85, 5), (65, 4), (40, 3), (0, 2))
KZ_GRADE1_BANDS = ((81, 5), (51, 4), (21, 3), (0, 2))
THRESHOLDS_250 = (Decimal("4.50"), Decimal("3.50"), Decimal("2.50"))
THRESHOLDS_265 = (Decimal("4.65"), Decimal("3.65"), Decimal("2.65"))


def mark_from_percent(percent, *, bands=KZ_BANDS, round_first=False):
    """The 5-point mark of a percentage (Appendix 1 of the KZ rules). By default the bands are
    0-39.99 / 40-64.99 / 65-84.99 / 85-100 with no rounding; `round_first` rounds the percentage to
    an integer half-up first (64.6 -> 65 -> "4"), the other practice DOMAIN 2.3 names."""
    value = Decimal(str(percent))
    if round_first:
        value = half_up(value)
    for lower, mark in bands:
        if value >= lower:
            return mark
    return bands[-1][1]


def _share(points, maxima):
    return Decimal(sum(points)) / Decimal(sum(maxima)) * 100


def kz_quarter_percent(fo, sor, soch, *, weights=(25, 25, 50), sor_by_points=True):
    """The quarter percentage of the KZ criteria-based assessment (DOMAIN 2.3).

    fo: ФО marks on 10 points; sor, soch: lists of (points, max points). Weights default to
    25 % ФО + 25 % СОР + 50 % СОЧ; a component that is missing drops out and the remaining weights
    are renormalised ("(ФО + СОР) x 2" without a СОЧ). `sor_by_points` sums the points (24/35);
    otherwise the per-СОР percentages are averaged. Returns None when nothing was assessed."""
    parts = []
    if fo:
        parts.append((Decimal(weights[0]), _share(fo, [10] * len(fo))))
    if sor:
        if sor_by_points:
            sor_pct = _share([p for p, _ in sor], [m for _, m in sor])
        else:
            sor_pct = sum(Decimal(p) / Decimal(m) * 100 for p, m in sor) / len(sor)
        parts.append((Decimal(weights[1]), sor_pct))
    if soch:
        parts.append((Decimal(weights[2]), _share([p for p, _ in soch], [m for _, m in soch])))
    if not parts:
        return None
    total_weight = sum(w for w, _ in parts)
    return sum(w * pct for w, pct in parts) / total_weight


def traditional_period_mark(marks, thresholds=THRESHOLDS_250):
    """Mean of the current marks on the 5-point scale, then thresholds (>= 4.50 -> 5, >= 3.50 -> 4,
    >= 2.50 -> 3, else 2; or the 2.65/3.65/4.65 set). The mean is compared unrounded."""
    if not marks:
        return None
    mean = Decimal(sum(marks)) / len(marks)
    for threshold, mark in zip(thresholds, (5, 4, 3), strict=True):
        if mean >= threshold:
            return mark
    return 2


def year_mark(period_marks):
    """The year mark: the mean of the period marks rounded half-up (3, 2, 3, 2 -> 2.5 -> 3)."""
    marks = [m for m in period_marks if isinstance(m, int) and not isinstance(m, bool)]
    if not marks:
        return None
    return int(half_up(Decimal(sum(marks)) / len(marks)))
