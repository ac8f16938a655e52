"""Which customer field a column of a contacts file fills, for the layouts shops really bring.

Google Contacts (the old and the 2023 layout: `Phone 1 - Type`/`Phone 1 - Value`…),
Outlook (English, and the Chinese, Traditional Chinese and Korean Outlook headers),
deskcrm's own export, and shop sheets headed in the four languages. Headers are
compared after `header_key` (NFKC, case-folded, no spaces or punctuation), so
"E-mail", "e mail" and "ＥＭＡＩＬ" are one header.

A column maps to a field, to KEEP_NOTE (its cells go into notes under the
column's name: nothing is dropped because nobody thought of it), to LABEL (the
type of the value column next to it, such as Google's "Mobile"), or to None
(known to carry nothing about the person, such as a photo URL or our export's
computed figures). Several columns may fill one field: see `records.combine`.
"""

from __future__ import annotations

import re
import unicodedata

KEEP_NOTE = "keep_note"
LABEL = "value_label"

_PUNCT_RE = re.compile(r"[\s_\-./:()（）·・'’&]+")


def header_key(header: str) -> str:
    folded = unicodedata.normalize("NFKC", header).casefold().strip().lstrip("\ufeff")
    return _PUNCT_RE.sub("", folded)


SYNONYMS: dict[str, tuple[str, ...]] = {
    "name": ("name", "fullname", "customer", "customername", "contact", "displayname", "fileas",
             "姓名", "名字", "客户", "客户名", "客户姓名", "顾客", "顧客", "客戶", "客戶姓名", "会员姓名",
             "會員姓名", "名前", "氏名", "이름", "성명", "고객", "고객명", "고객이름", "표시이름"),
    "family_name": ("familyname", "lastname", "surname", "姓", "姓氏", "성"),
    "given_name": ("givenname", "firstname", "名", "이름(名)"),
    "middle_name": ("middlename", "additionalname", "中间名", "中間名", "중간이름"),
    "phone": ("phone", "mobile", "tel", "telephone", "cell", "cellphone", "mobilephone",
              "phonenumber", "primaryphone", "mobilenumber", "电话", "電話", "手机", "手機", "手机号",
              "手机号码", "手機號碼", "手机号码1", "联系电话", "聯絡電話", "聯繫電話", "电话号码", "電話號碼",
              "移动电话", "携帯", "携帯電話", "電話番号", "行動電話", "行动电话", "主要电话", "主要電話", "전화", "전화번호", "휴대폰",
              "휴대폰번호", "휴대전화", "휴대전화번호", "핸드폰", "핸드폰번호", "연락처", "기본전화"),
    "phone2": ("phone2", "tel2", "电话2", "電話2", "备用电话", "備用電話", "전화2"),
    "gender": ("gender", "sex", "性别", "性別", "성별"),
    "birthday": ("birthday", "birthdate", "dateofbirth", "dob", "bday", "生日", "出生日期", "出生年月日",
                 "생일", "생년월일"),
    "lunar_birthday": ("lunarbirthday", "农历生日", "農曆生日", "阴历生日", "陰曆生日", "음력생일"),
    "birth_calendar": ("birthcalendar", "calendar", "历法", "曆法", "阴阳历", "陰陽曆", "农历阳历",
                       "農曆陽曆", "阳历农历", "农历", "農曆", "阴历", "陰曆", "양력음력", "음양력",
                       "양음력", "음력", "음력양력"),
    "birth_leap": ("birthleap", "leapmonth", "闰月", "閏月", "윤달"),
    "form_of_address": ("formofaddress", "salutation", "title", "nameprefix", "prefix", "称呼", "稱呼",
                        "称谓", "稱謂", "호칭"),
    "age_band": ("ageband", "age", "年龄段", "年齡層", "年龄", "年齡", "연령대", "나이"),
    "email": ("email", "mail", "emailaddress", "email1", "emailaddress1", "邮箱", "電郵", "电子邮件",
              "電子郵件", "电子邮件地址", "電子郵件地址", "邮件", "이메일", "전자메일", "전자메일주소"),
    "address": ("address", "addr", "streetaddress", "homeaddress", "homestreet", "地址", "住址",
                "住宅地址", "住宅所在街道", "住家地址", "住家街道", "联系地址", "聯絡地址", "주소", "집주소"),
    "city": ("city", "town", "homecity", "城市", "市", "所在城市", "住宅所在地的市县", "住家市鎮", "도시",
             "시"),
    "district": ("district", "area", "区", "區", "地区", "地區", "区县", "區域", "구", "지역"),
    "locale": ("locale", "language", "语言", "語言", "언어"),
    "clothing_size": ("clothingsize", "size", "尺码", "尺碼", "衣服尺码", "衣服尺碼", "衣码", "사이즈",
                      "옷사이즈"),
    "shoe_size": ("shoesize", "鞋码", "鞋碼", "신발사이즈"),
    "occupation": ("occupation", "job", "jobtitle", "company", "organization", "organisation",
                   "organizationname", "organizationtitle", "organizationdepartment",
                   "profession", "department", "职业", "職業", "工作", "公司", "单位", "單位", "职务",
                   "職務", "職稱", "部门", "部門", "직업", "회사", "직장", "직함", "부서"),
    "family": ("family", "家庭", "家人", "가족"),
    "personality": ("personality", "性格", "个性", "個性", "성격"),
    "shopping_habits": ("shoppinghabits", "购物习惯", "購物習慣", "쇼핑습관", "구매습관"),
    "style_preferences": ("stylepreferences", "style", "风格", "風格", "喜好风格", "스타일"),
    "hobbies": ("hobbies", "hobby", "interests", "爱好", "愛好", "兴趣", "興趣", "취미"),
    "service_preference": ("servicepreference", "服务偏好", "服務偏好", "서비스선호"),
    "promotion_attitude": ("promotionattitude", "促销态度", "促銷態度", "프로모션반응"),
    "values": ("values", "价值观", "價值觀", "가치관"),
    "best_contact_time": ("bestcontacttime", "contacttime", "联系时间", "聯絡時間", "연락시간",
                          "연락가능시간"),
    "notes": ("notes", "note", "remarks", "remark", "comment", "comments", "memo", "备注", "備註",
              "附注", "附註", "说明", "說明", "메모", "비고"),
    "tags": ("tags", "tag", "categories", "category", "group", "groups", "groupmembership", "labels",
             "标签", "標籤", "分组", "分組", "类别", "類別", "태그", "그룹", "분류", "범주"),
    "credit_limit": ("creditlimit", "credit", "信用额度", "信用額度", "신용한도"),
    "balance": ("balance", "余额", "餘額", "잔액"),
    "consent_call": ("consentcall",), "consent_call_at": ("consentcallat",),
    "consent_sms": ("consentsms",), "consent_sms_at": ("consentsmsat",),
    "consent_email": ("consentemail",), "consent_email_at": ("consentemailat",),
    "consent_chat": ("consentchat",), "consent_chat_at": ("consentchatat",),
    "do_not_contact": ("donotcontact", "勿扰", "勿擾", "연락금지"),
    "related": ("related", "relatedpeople", "相关人", "相關人", "관련인"),
    "spouse": ("spouse", "配偶", "配偶姓名", "배우자"),
    "children": ("children", "child", "子女", "孩子", "자녀"),
}

# Phone columns that are not mobiles: a shop calls the mobile, so those come first.
_LANDLINE = ("home", "business", "work", "company", "other", "primary", "car", "assistant", "radio",
             "callback", "isdn", "ttytdd", "telex", "住宅", "商务", "商務", "住家", "公司", "其他", "助理",
             "집", "회사", "기타")
_PHONE_WORDS = ("phone", "电话", "電話", "전화")
_FAX_WORDS = ("fax", "传真", "傳真", "팩스", "pager", "寻呼机", "呼叫器", "호출기")

# Columns known to carry nothing about the person: a photo URL, a display copy of an
# e-mail, free/busy servers, and the figures our own export computes.
IGNORED = frozenset(header_key(h) for h in (
    "photo", "照片", "사진", "internetfreebusy", "Internet 忙闲", "Internet 空閒/忙碌", "Internet 약속 있음/없음",
    "id", "tier", "lifecycle", "total_spend", "purchase_count", "first_purchase_on",
    "last_purchase_on", "created_at", "priority", "private", "sensitivity",
    "优先级", "優先順序", "敏感度", "私有", "私人", "우선순위", "중요도", "민감도", "개인",
))

# "Phone 2 - Value", "E-mail 1 - Type", "Address 1 - City", "Organization 1 - Title"…
_NUMBERED = re.compile(r"^(?P<kind>[a-z]+?)(?P<n>\d+)(?P<part>[a-z]*)$")
_NUMBERED_PARTS = {
    "phone": {"value": "phone"},
    "email": {"value": "email", "address": "email", "displayname": None},
    "address": {"formatted": "address", "street": "address", "city": "city", "region": "address_part",
                "pobox": "address_part", "postalcode": "address_part", "country": "address_part",
                "extendedaddress": "address_part"},
    "organization": {"name": "occupation", "title": "occupation", "department": "occupation"},
    "relation": {"value": "related"},
}

# Outlook writes "E-mail 2 Address", "Home Phone 2", "Business Street 2": the number
# in the middle or the end marks a second column of the same field.
_TRAILING_NUMBER = re.compile(r"^(?P<base>.*?\D)\d+(?P<rest>\D*)$")


def _by_key() -> dict[str, str]:
    table = {}
    for field, words in SYNONYMS.items():
        for word in (field, *words):
            table.setdefault(header_key(word), field)
    return table


_BY_KEY = _by_key()
_ADDRESS_PARTS = tuple(header_key(w) for w in (
    "state", "region", "province", "postalcode", "zip", "zipcode", "postcode", "country", "pobox",
    "addresspobox", "street2", "street3", "省", "省市自治区", "邮政编码", "郵遞區號", "国家地区", "國家地區",
    "邮政信箱", "우편번호", "국가지역", "시도"))


def _numbered(key: str) -> str | None:
    match = _NUMBERED.match(key)
    if not match:
        return None
    kind, part = match["kind"], match["part"]
    kind = "email" if kind in ("email", "mail") else kind
    if part in ("type", "label", "service", "protocol"):
        return LABEL
    return _NUMBERED_PARTS.get(kind, {}).get(part, KEEP_NOTE)


def _ignored(key: str) -> bool:
    # Outlook's "E-mail Display Name" copies the address, its "E-mail Type" says "SMTP"
    email = key.startswith(("email", "电子邮件", "電子郵件", "전자메일"))
    return key in IGNORED or (email and key.endswith(("displayname", "type", "显示名称", "顯示名稱",
                                                       "类型", "類型", "표시이름", "종류")))


def _outlook(key: str) -> str | None:
    """Outlook's composite headers: 'Home Phone 2', 'Business City', 'E-mail 2 Address'…"""
    if any(w in key for w in _FAX_WORDS):
        return KEEP_NOTE
    if any(w in key for w in _PHONE_WORDS) or key.endswith(("mobile", "mobilephone")):
        return "phone"
    for prefix in ("home", "business", "other", "住宅", "商务", "商務", "住家", "其他", "집", "회사", "기타"):
        if key.startswith(prefix) and len(key) > len(prefix):
            rest = key[len(prefix):]
            if any(rest == p or rest.endswith(p) for p in _ADDRESS_PARTS):
                return "address_part"
            if rest.startswith(("street", "address", "所在街道", "地址", "街道", "주소")):
                return "address"
            if rest.startswith(("city", "所在地的市县", "地址所在市县", "市鎮", "市县", "구군시")):
                return "city"
            if any(rest.startswith(p) or p in rest for p in _ADDRESS_PARTS):
                return "address_part"
    match = _TRAILING_NUMBER.match(key)
    if match:
        return _BY_KEY.get(match["base"] + match["rest"]) or _BY_KEY.get(match["base"])
    return None


def field_for_header(header: str) -> str | None:
    """The target of one header, read alone; `map_headers` also looks at its neighbours."""
    key = header_key(header)
    if not key or _ignored(key):
        return None
    return _BY_KEY.get(key) or _numbered(key) or _outlook(key) or KEEP_NOTE


def phone_rank(header: str) -> int:
    """0 for a mobile's column, 1 for other phones: the mobile becomes the main phone."""
    key = header_key(header)
    return 1 if any(w in key for w in _LANDLINE) and not any(
        w in key for w in ("mobile", "cell", "移动", "行動", "手机", "手機", "휴대")) else 0


# In a shop sheet "이름"/"名字" is the whole name; next to a family-name column
# (Outlook's Korean and Traditional Chinese layouts) it is the given name.
_GIVEN_IF_FAMILY = frozenset(header_key(h) for h in ("이름", "名字", "name"))


def map_headers(headers: list[str]) -> list[str | None]:
    """One target per column (a field, KEEP_NOTE, LABEL or None)."""
    mapping = [field_for_header(h) for h in headers]
    if "family_name" in mapping and "given_name" not in mapping:
        for index, header in enumerate(headers):
            if mapping[index] == "name" and header_key(header) in _GIVEN_IF_FAMILY:
                mapping[index] = "given_name"
                break
    return mapping
