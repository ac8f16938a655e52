"""What the demo shop sells: items, colours and sizes in the customer's language.

Prices are in minor units. A few items cost over 2000.00, so some purchases
trigger the "call within a week" rule of 004.
"""

from __future__ import annotations

import random
from bisect import bisect
from dataclasses import dataclass
from itertools import accumulate


@dataclass(frozen=True)
class Item:
    code: str  # style-number prefix
    names: dict[str, str]  # locale -> name
    low: int  # price range, minor units
    high: int
    gender: str  # "F", "M" or "" for anyone
    kind: str  # "clothes", "shoes" or "other": which size applies


def _item(
    code: str, hans: str, hant: str, ko: str, en: str, low: int, high: int,
    gender: str = "", kind: str = "clothes",
) -> Item:
    return Item(code, {"zh_Hans": hans, "zh_Hant": hant, "ko": ko, "en": en},
                low * 100, high * 100, gender, kind)


ITEMS: tuple[Item, ...] = (
    _item("DR", "连衣裙", "連衣裙", "원피스", "dress", 299, 1599, "F"),
    _item("SK", "半身裙", "半身裙", "스커트", "skirt", 199, 899, "F"),
    _item("QP", "旗袍", "旗袍", "치파오", "qipao", 899, 3899, "F"),
    _item("BL", "真丝衬衫", "真絲襯衫", "실크 블라우스", "silk blouse", 399, 1299, "F"),
    _item("CT", "羊绒大衣", "羊絨大衣", "캐시미어 코트", "cashmere coat", 1999, 6999),
    _item("WC", "羊毛大衣", "羊毛大衣", "울 코트", "wool coat", 999, 2999),
    _item("TR", "风衣", "風衣", "트렌치코트", "trench coat", 799, 2499),
    _item("DJ", "羽绒服", "羽絨服", "패딩", "down jacket", 699, 2599),
    _item("KN", "针织开衫", "針織開衫", "니트 가디건", "knit cardigan", 259, 899),
    _item("SW", "羊绒衫", "羊絨衫", "캐시미어 스웨터", "cashmere sweater", 599, 1899),
    _item("SH", "衬衫", "襯衫", "셔츠", "shirt", 199, 699),
    _item("TS", "T恤", "T恤", "티셔츠", "T-shirt", 99, 299),
    _item("PT", "阔腿裤", "闊腿褲", "와이드 팬츠", "wide trousers", 259, 799),
    _item("JN", "牛仔裤", "牛仔褲", "청바지", "jeans", 199, 699),
    _item("SU", "西装外套", "西裝外套", "정장 재킷", "blazer", 899, 2899),
    _item("MS", "男士西装", "男士西裝", "남성 정장", "men's suit", 1999, 5999, "M"),
    _item("PO", "POLO衫", "POLO衫", "폴로 셔츠", "polo shirt", 199, 599, "M"),
    _item("SF", "丝巾", "絲巾", "실크 스카프", "silk scarf", 199, 899, "", "other"),
    _item("BG", "真皮手袋", "真皮手袋", "가죽 가방", "leather bag", 899, 4999, "", "other"),
    _item("BT", "皮带", "皮帶", "벨트", "belt", 199, 599, "", "other"),
    _item("LS", "皮鞋", "皮鞋", "구두", "leather shoes", 499, 1999, "", "shoes"),
    _item("SN", "休闲鞋", "休閒鞋", "스니커즈", "sneakers", 399, 1299, "", "shoes"),
)
ITEMS_FOR = {
    g: tuple(i for i in ITEMS if i.gender in ("", g)) for g in ("F", "M", "")
}
# cheap things sell more often than coats: weight ~ 1 / price^1.3 gives an average
# line of about 500 and a few big tickets, so tiers come out roughly 80/20
_CUM_WEIGHTS = {
    g: list(accumulate(1 / ((i.low + i.high) / 2) ** 1.3 for i in items))
    for g, items in ITEMS_FOR.items()
}

COLOURS: dict[str, tuple[str, ...]] = {
    "zh_Hans": ("黑色", "白色", "米色", "驼色", "藏青", "酒红", "雾霾蓝", "浅灰", "墨绿", "粉色"),
    "zh_Hant": ("黑色", "白色", "米色", "駝色", "藏青", "酒紅", "霧霾藍", "淺灰", "墨綠", "粉色"),
    "ko": ("블랙", "화이트", "베이지", "카멜", "네이비", "와인", "스카이블루", "그레이", "카키", "핑크"),
    "en": ("black", "white", "beige", "camel", "navy", "burgundy", "sky blue", "grey", "olive", "pink"),
}

# clothing sizes as each market writes them; the customer's size is one of these
CLOTHING_SIZES: dict[str, tuple[str, ...]] = {
    "zh_Hans": ("S", "M", "L", "XL", "160/84A", "165/88A", "170/92A", "175/96A"),
    "zh_Hant": ("S", "M", "L", "XL"),
    "ko": ("44", "55", "66", "77", "88", "95", "100", "105"),
    "en": ("XS", "S", "M", "L", "XL", "UK 10", "UK 12"),
}
SHOE_SIZES: dict[str, tuple[str, ...]] = {
    "zh_Hans": ("35", "36", "37", "38", "39", "40", "41", "42", "43"),
    "zh_Hant": ("35", "36", "37", "38", "39", "40", "41", "42"),
    "ko": ("225", "230", "235", "240", "245", "250", "260", "270", "280"),
    "en": ("UK 4", "UK 5", "UK 6", "UK 7", "UK 8", "UK 9", "UK 10"),
}


def pick_item(rng: random.Random, gender: str, lavish: bool = False) -> Item:
    if lavish:  # the few who buy the coats and bags: any item alike
        return rng.choice(ITEMS_FOR[gender])
    cum = _CUM_WEIGHTS[gender]  # bisect by hand: rng.choices costs 3x as much per draw
    return ITEMS_FOR[gender][bisect(cum, rng.random() * cum[-1])]


def price(rng: random.Random, item: Item, lavish: bool = False) -> int:
    # round to whole currency units ending in 9, as shops price things
    low, high = item.low // 100, item.high // 100
    skew = 0.8 if lavish else 2.0  # most sell near the low end of the range
    whole = low + int(rng.random() ** skew * (high - low + 1))
    return (whole // 10 * 10 + 9) * 100
