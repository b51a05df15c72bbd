"""KG-3: a student's olympiad and competition results in his portfolio, read from the registry (RPT-1),
never typed a second time. The readers are the portfolio's (the student, his parents, his class teacher,
the school's heads), within the registry's own scope."""

from django.utils.translation import gettext as _

from community.models import portfolio_owner_condition
from community.portfolio import PortfolioItem
from reports.models import CompetitionResult


def results_in_portfolio(user, person):
    return (
        CompetitionResult.objects.visible_to(user)
        .filter(portfolio_owner_condition(user, path="student__person"), student__person=person)
        .order_by("-date", "level", "place", "pk")
    )


def items(request, person):
    source = _("From the school's registry of olympiad and competition results")
    return [
        PortfolioItem(
            date=r.date,
            kind=r.get_kind_display(),
            title=r.name,
            level=r.get_level_display(),
            result=r.get_place_display(),
            description=r.subject,
            source=source,
            testid="registry-result",
        )
        for r in results_in_portfolio(request.user, person)
    ]
