from decimal import Decimal

from stemnet.numbers import share


def test_shares_round_half_up_everywhere():
    assert share(1, 8) == Decimal("12.5")
    assert share(1, 16) == Decimal("6.3")  # 6.25: half up, as people round (not half even)
    assert share(3, 0) is None
