"""Name pools for demo customers and staff, weighted roughly like real populations.

Surnames are listed most common first and drawn with a falling weight, so 王/李/张
and 김/이/박 dominate as they do in a real shop's file, while the polyphonic
surnames the search keys must get right (曾 单 仇 查 解 朴 区) still turn up.
"""

from __future__ import annotations

import random
from bisect import bisect
from itertools import accumulate


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


HANS_SURNAMES = _words(
    "王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱 胡 郭 何 林 高 罗 郑 梁 谢 宋 唐 许 韩 冯 邓 曹 解 "
    "彭 曾 单 肖 田 董 潘 袁 蔡 蒋 余 于 杜 叶 程 魏 苏 吕 丁 任 沈 姚 卢 姜 崔 钟 谭 陆 汪 范 金 "
    "石 仇 廖 贾 查 夏 韦 付 方 白 邹 孟 熊 秦 邱 江 尹 薛 闫 段 雷 侯 龙 史 陶 黎 贺 顾 毛 郝 龚 邵 "
    "万 钱 严 覃 武 戴 莫 孔 向 汤 区 翟 乐 欧阳 司马 上官"
)
HANT_SURNAMES = _words(
    "陳 林 黃 張 李 王 吳 劉 蔡 楊 許 鄭 謝 郭 洪 曾 邱 廖 賴 周 葉 蘇 莊 呂 江 何 蕭 羅 高 潘 "
    "簡 朱 鍾 彭 游 詹 胡 施 沈 余 盧 梁 趙 顏 柯 翁 魏 孫 戴 范 方 宋 鄧 杜 傅 侯 曹 薛 丁 卓 "
    "馬 阮 董 唐 溫 藍 蔣 石 古 紀 姚 連 馮 歐 程 湯 黎 田 康 姜 汪 白 鄒 尤 巫 涂 龔 嚴 韓 袁 "
    "單 區 查 解 仇 歐陽 司徒"
)
HANS_GIVEN_F = _words(
    "丽 静 敏 燕 艳 娟 霞 芳 娜 玲 婷 雪 慧 颖 琳 洁 倩 晶 欣 怡 佳 莉 萍 红 梅 秀英 丽华 "
    "美玲 小红 晓燕 雅琴 思琪 梓涵 欣怡 诗涵 雨桐 可馨 佳怡 子涵 一诺 梦洁 晓雯 春梅 桂英 "
    "海燕 丹丹 婉婷 嘉怡 若曦 紫萱 慧敏 玉兰 素芬"
)
HANS_GIVEN_M = _words(
    "伟 强 磊 军 洋 勇 杰 涛 明 超 刚 平 辉 鹏 华 飞 斌 宇 浩 凯 建华 志强 小明 国庆 建国 "
    "子轩 浩然 宇轩 俊杰 文博 天佑 志明 家豪 晓东 海涛 振华 立新 永强 德明 宏伟 一鸣 博文"
)
HANT_GIVEN_F = _words(
    "淑芬 美玲 雅婷 怡君 淑惠 麗華 秀英 佳穎 詩涵 欣怡 宜蓁 思妤 家瑜 婉婷 嘉欣 慧敏 "
    "玉蘭 靜怡 曉雯 珮君 鳳儀 詠琪 凱琳 芷晴 穎欣 麗 婷 雯 玲 慧"
)
HANT_GIVEN_M = _words(
    "志明 家豪 冠宇 建宏 俊傑 志偉 承翰 柏翰 宗翰 家銘 國華 偉倫 嘉俊 子健 浩然 文傑 "
    "振華 永強 德明 偉 傑 強 明 輝 鵬"
)
KO_SURNAMES = _words(
    "김 이 박 최 정 강 조 윤 장 임 한 오 서 신 권 황 안 송 전 홍 유 고 문 양 손 배 백 허 남 "
    "심 노 하 곽 성 차 주 우 구 민 나 진 지 엄 채 원 천 방 공 현 함 변 염 여 추 도 소 석 선"
)
KO_GIVEN_F = _words(
    "민지 서연 지우 서현 수빈 지민 하은 예은 지현 수진 은정 미경 혜진 영희 정숙 경희 "
    "순자 지영 유진 소영 현주 민정 다은 채원 윤서 하윤 지아 수아 은영 미영"
)
KO_GIVEN_M = _words(
    "민수 준호 지훈 현우 도윤 서준 민준 성민 동현 재원 영수 상철 정호 성호 태현 "
    "준영 승민 진우 우진 건우 영호 광수 동욱 재훈 민재 시우 하준 주원"
)
EN_GIVEN_F = _words(
    "Anna Emma Olivia Sophie Grace Emily Chloe Lucy Hannah Sarah Laura Rachel Julia "
    "Claire Helen Mary Linda Susan Karen Amy Jessica Megan"
)
EN_GIVEN_M = _words(
    "James John Robert Michael David William Daniel Thomas Peter Paul Mark Andrew "
    "Chris Kevin Brian Matthew Ryan Luke Adam Ben Sam Tom"
)
EN_SURNAMES = _words(
    "Smith Johnson Brown Taylor Wilson Davies Evans Thomas Roberts Walker Wright Green "
    "Hall Wood Clarke Lee Wong Chan Kim Park Miller Martin Anderson White Harris Young "
    "King Scott Baker Cooper Morgan Ward"
)


class WeightedPool:
    """Draws from a list with weights falling like a Zipf curve: head items are common."""

    def __init__(self, items: list[str] | tuple[str, ...], falloff: float = 0.9) -> None:
        self.items = tuple(items)
        weights = [1.0 / (i + 1) ** falloff for i in range(len(self.items))]
        self._cum = list(accumulate(weights))

    def draw(self, rng: random.Random) -> str:
        return self.items[bisect(self._cum, rng.random() * self._cum[-1])]


SURNAMES = {
    "zh_Hans": WeightedPool(HANS_SURNAMES),
    "zh_Hant": WeightedPool(HANT_SURNAMES),
    "ko": WeightedPool(KO_SURNAMES, falloff=1.1),
    "en": WeightedPool(EN_SURNAMES, falloff=0.5),
}
GIVEN = {
    ("zh_Hans", "F"): HANS_GIVEN_F,
    ("zh_Hans", "M"): HANS_GIVEN_M,
    ("zh_Hant", "F"): HANT_GIVEN_F,
    ("zh_Hant", "M"): HANT_GIVEN_M,
    ("ko", "F"): KO_GIVEN_F,
    ("ko", "M"): KO_GIVEN_M,
    ("en", "F"): EN_GIVEN_F,
    ("en", "M"): EN_GIVEN_M,
}


def person_name(rng: random.Random, locale: str, gender: str) -> tuple[str, str]:
    """(full name as written, surname) in the locale's order: 王小明, 김민수, Anna Lee."""
    surname = SURNAMES[locale].draw(rng)
    given = rng.choice(GIVEN[locale, gender if gender in ("F", "M") else rng.choice("FM")])
    if locale == "en":
        return f"{given} {surname}", surname
    return surname + given, surname


def form_of_address(
    locale: str, name: str, surname: str, gender: str, age: int | None
) -> str:
    """How staff address the customer: 王女士 / 陳先生 / 김민수 님 / Mrs Lee."""
    if locale in ("zh_Hans", "zh_Hant"):
        if gender == "M":
            return f"{surname}先生"
        young = age is not None and age < 28
        return f"{surname}小姐" if young else f"{surname}女士"
    if locale == "ko":
        return f"{name} 님"
    if gender == "M":
        return f"Mr {surname}"
    return f"Ms {surname}" if age is not None and age < 30 else f"Mrs {surname}"


STAFF = (
    ("陈静", "manager"),
    ("김지영", "manager"),
    ("王丽", "desk"),
    ("박서준", "desk"),
    ("Emily Chan", "desk"),
    ("林美玲", "desk"),
    ("이수진", "desk"),
    ("赵磊", "desk"),
)
