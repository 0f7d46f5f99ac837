"""Figures shown to people: one rounding rule for the whole portal (half up, as people expect)."""

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def share(part: int, whole: int | None) -> Decimal | None:
    """``part`` as a percentage of ``whole``, one decimal; ``None`` when ``whole`` is 0."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)
