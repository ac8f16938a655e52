"""Where demo customers live and how their phone numbers look, per region.

A region decides the city/district pool, the phone plan and how often the
number is written with its country code, as customers actually give it.
"""

from __future__ import annotations

import random

# region -> ((city, (district, ...)), ...)
CITIES: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "CN": (
        ("上海", ("浦东新区", "徐汇区", "静安区", "黄浦区", "长宁区", "闵行区", "杨浦区")),
        ("北京", ("朝阳区", "海淀区", "东城区", "西城区", "丰台区")),
        ("杭州", ("西湖区", "上城区", "拱墅区", "滨江区")),
        ("广州", ("天河区", "越秀区", "海珠区")),
        ("深圳", ("南山区", "福田区", "罗湖区")),
        ("南京", ("鼓楼区", "玄武区", "建邺区")),
        ("苏州", ("姑苏区", "工业园区")),
    ),
    "TW": (
        ("台北", ("大安區", "信義區", "中山區", "士林區", "內湖區")),
        ("新北", ("板橋區", "新店區", "永和區")),
        ("台中", ("西屯區", "北屯區")),
        ("高雄", ("苓雅區", "左營區")),
    ),
    "HK": (
        ("香港", ("中西區", "灣仔區", "東區", "南區")),
        ("九龍", ("油尖旺區", "九龍城區", "觀塘區")),
        ("新界", ("沙田區", "荃灣區")),
    ),
    "KR": (
        ("서울", ("강남구", "서초구", "송파구", "마포구", "종로구", "용산구", "성동구")),
        ("부산", ("해운대구", "수영구", "부산진구")),
        ("인천", ("연수구", "남동구")),
        ("성남", ("분당구", "수정구")),
        ("대구", ("수성구", "중구")),
    ),
}

STREETS: dict[str, tuple[str, ...]] = {
    "CN": ("南京西路", "淮海中路", "世纪大道", "人民路", "中山路", "建国路", "长安街", "解放路"),
    "TW": ("忠孝東路", "敦化南路", "仁愛路", "中山北路", "民生東路"),
    "HK": ("皇后大道中", "軒尼詩道", "彌敦道", "英皇道"),
    "KR": ("테헤란로", "강남대로", "도산대로", "올림픽로", "세종대로", "해운대로"),
}


def place(rng: random.Random, region: str) -> tuple[str, str]:
    city, districts = rng.choice(CITIES[region])
    return city, rng.choice(districts)


def address(rng: random.Random, region: str, city: str, district: str) -> str:
    street = rng.choice(STREETS[region])
    n = rng.randint(1, 999)
    if region == "KR":
        return f"{city} {district} {street} {n}"
    room = f"{rng.randint(1, 30)}{rng.randint(1, 9):02d}"
    if region == "CN":
        return f"{city}{district}{street}{n}号{rng.randint(1, 30)}号楼{room}室"
    return f"{city}{district}{street}{n}號{rng.randint(2, 30)}樓{room}室"


_CN_PREFIXES = ("13", "15", "18", "17", "19", "14", "16")


def phone(rng: random.Random, region: str) -> tuple[str, str]:
    """(phone as written, its national digits) for the region's mobile plan."""
    if region == "CN":
        d = rng.choice(_CN_PREFIXES) + str(rng.randint(0, 9)) + f"{rng.randrange(10**8):08d}"
        style = rng.random()
        if style < 0.1:
            return f"+86 {d[:3]} {d[3:7]} {d[7:]}", d
        if style < 0.3:
            return f"{d[:3]} {d[3:7]} {d[7:]}", d
        return d, d
    if region == "KR":
        d = f"010{rng.randrange(10**8):08d}"
        if rng.random() < 0.08:
            return f"+82 10-{d[3:7]}-{d[7:]}", d
        return f"{d[:3]}-{d[3:7]}-{d[7:]}", d
    if region == "TW":
        d = f"09{rng.randrange(10**8):08d}"
        if rng.random() < 0.1:
            return f"+886 {d[1:4]} {d[4:7]} {d[7:]}", d
        return f"{d[:4]}-{d[4:7]}-{d[7:]}", d
    d = f"{rng.choice('569')}{rng.randrange(10**7):07d}"
    if rng.random() < 0.2:
        return f"+852 {d[:4]} {d[4:]}", d
    return f"{d[:4]} {d[4:]}", d


EMAIL_DOMAINS = {
    "CN": ("qq.com", "163.com", "126.com", "sina.com", "foxmail.com"),
    "TW": ("gmail.com", "yahoo.com.tw", "hotmail.com"),
    "HK": ("gmail.com", "yahoo.com.hk", "netvigator.com"),
    "KR": ("naver.com", "daum.net", "gmail.com", "kakao.com"),
}


def email(rng: random.Random, region: str, latin_hint: str) -> str:
    user = latin_hint or f"user{rng.randrange(10**6)}"
    return f"{user}{rng.randint(1, 99)}@{rng.choice(EMAIL_DOMAINS[region])}"
