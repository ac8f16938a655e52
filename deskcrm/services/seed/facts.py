"""Soft facts (004: 80% of a file's worth) in each customer's language.

Each pool is keyed by locale; a thin file gets one or two of these, a rich
one most of them, so completeness and the staff ranking have something to show.
"""

from __future__ import annotations

SOFT: dict[str, dict[str, tuple[str, ...]]] = {
    "occupation": {
        "zh_Hans": ("教师", "医生", "会计", "公务员", "外企白领", "自由职业", "设计师", "退休", "私营业主", "护士", "律师", "销售经理"),
        "zh_Hant": ("老師", "醫生", "會計師", "公務員", "外商主管", "自由業", "設計師", "退休", "店東", "護理師"),
        "ko": ("회사원", "교사", "간호사", "공무원", "자영업", "디자이너", "주부", "대학생", "은퇴", "의사", "변호사"),
        "en": ("teacher", "engineer", "consultant", "diplomat", "banker", "designer", "retired", "student"),
    },
    "family": {
        "zh_Hans": ("已婚，一个女儿上小学", "已婚，儿子在国外读书", "单身", "三代同堂", "新婚", "两个孩子，老大刚上初中", "丈夫常出差"),
        "zh_Hant": ("已婚，一個兒子", "單身", "新婚", "兩個女兒", "與父母同住"),
        "ko": ("기혼, 초등학생 딸 하나", "미혼", "신혼", "아들 둘", "부모님과 함께 거주", "남편이 해외 근무"),
        "en": ("married, two kids", "single", "newly married", "grown-up children abroad"),
    },
    "personality": {
        "zh_Hans": ("爽快，决定快", "细心，爱比较", "话不多，不喜欢被推销", "热情健谈", "讲究品质", "犹豫型，需要时间"),
        "zh_Hant": ("爽快", "細心，愛比較", "安靜，不喜歡推銷", "熱情健談", "講究品質"),
        "ko": ("결정이 빠름", "꼼꼼하게 비교함", "말수가 적고 권유를 싫어함", "친절하고 수다스러움", "품질을 중시함"),
        "en": ("decides quickly", "compares carefully", "quiet, dislikes pushy selling", "chatty and warm"),
    },
    "shopping_habits": {
        "zh_Hans": ("换季时来", "周末下午来", "只在打折时买", "每次带朋友来", "常在微信上看图下单", "节日前买礼物"),
        "zh_Hant": ("換季時來", "週末下午來", "只在打折時買", "常帶朋友來", "節日前買禮物"),
        "ko": ("계절이 바뀔 때 방문", "주말 오후에 방문", "세일 때만 구매", "친구와 함께 옴", "카톡으로 사진 보고 주문"),
        "en": ("comes at the change of season", "weekend afternoons", "buys gifts before holidays"),
    },
    "style_preferences": {
        "zh_Hans": ("简约通勤", "喜欢亮色", "只穿黑白灰", "偏爱真丝和羊绒", "中式改良", "宽松舒适"),
        "zh_Hant": ("簡約通勤", "喜歡亮色", "只穿黑白灰", "偏愛真絲", "寬鬆舒適"),
        "ko": ("심플한 오피스룩", "밝은 색 선호", "무채색만", "캐시미어 선호", "편안한 핏"),
        "en": ("classic tailoring", "bright colours", "monochrome only", "loose and comfortable"),
    },
    "hobbies": {
        "zh_Hans": ("瑜伽", "广场舞", "旅游", "摄影", "烘焙", "打麻将", "跑步", "书法", "养花", "追剧"),
        "zh_Hant": ("瑜伽", "登山", "旅遊", "攝影", "烘焙", "插花", "品茶"),
        "ko": ("등산", "골프", "요가", "여행", "독서", "필라테스", "드라마 시청", "캠핑", "골프와 여행"),
        "en": ("tennis", "hiking", "reading", "golf", "cooking", "painting"),
    },
    "service_preference": {
        "zh_Hans": ("喜欢一对一试穿", "不要跟着推荐", "喜欢先看新品图", "要求送货上门"),
        "zh_Hant": ("喜歡一對一試穿", "不要一直推薦", "喜歡先看新品照片"),
        "ko": ("1:1 코디 선호", "혼자 둘러보는 것 선호", "신상 사진 먼저 받기 원함", "배송 선호"),
        "en": ("likes a personal fitting", "prefers to browse alone", "wants photos of new stock"),
    },
    "promotion_attitude": {
        "zh_Hans": ("对打折敏感", "不在乎折扣，看品质", "喜欢积分换礼", "讨厌群发广告"),
        "zh_Hant": ("對折扣敏感", "看品質不看折扣", "喜歡集點換禮"),
        "ko": ("할인에 민감", "할인보다 품질", "적립금 좋아함", "단체 문자 싫어함"),
        "en": ("waits for sales", "not price-sensitive", "dislikes mass messages"),
    },
    "values": {
        "zh_Hans": ("重视家人", "环保，不买皮草", "重视面子", "务实节俭"),
        "zh_Hant": ("重視家人", "環保", "務實節儉"),
        "ko": ("가족 중심", "환경 보호", "실용적", "브랜드 가치 중시"),
        "en": ("family first", "sustainability", "value for money"),
    },
    "best_contact_time": {
        "zh_Hans": ("工作日晚上7点后", "周末上午", "午休时间", "下午三点以后", "不要周日打"),
        "zh_Hant": ("平日晚上七點後", "週末上午", "午休時間"),
        "ko": ("평일 저녁 7시 이후", "주말 오전", "점심시간", "오후 3시 이후", "일요일 제외"),
        "en": ("after 7pm on weekdays", "weekend mornings", "lunchtime"),
    },
}

# (start, end) local time; "" = any time
CONTACT_WINDOWS = (("09:00", "18:00"), ("19:00", "21:30"), ("12:00", "13:30"), ("10:00", "20:00"))

# tag name -> locales that use it (the shop's staff write tags in their own language)
TAGS: dict[str, tuple[str, ...]] = {
    "老客户": ("zh_Hans",),
    "团购": ("zh_Hans",),
    "朋友介绍": ("zh_Hans",),
    "爱打折": ("zh_Hans",),
    "学生": ("zh_Hans",),
    "老主顧": ("zh_Hant",),
    "學生": ("zh_Hant",),
    "VIP모임": ("ko",),
    "단골": ("ko",),
    "회사원": ("ko",),
    "학부모": ("ko",),
    "wedding": ("zh_Hans", "zh_Hant", "ko", "en"),
    "expat": ("en",),
    "gift buyer": ("en", "zh_Hant"),
}
TRADE_TAGS = {"zh_Hans": "批发", "zh_Hant": "批發", "ko": "도매", "en": "trade"}

EMAIL_HANDLES = (
    "sunny", "lily", "amy", "jenny", "happy", "mint", "rose", "kevin", "star", "moon", "cloud",
    "coco", "momo", "hana", "minji", "xiaoyu", "tina", "leo", "joy", "vivi",
)  # fmt: skip
