"""Words the demo staff wrote: contact notes, date labels and complaint records."""

from __future__ import annotations

CONTACT_NOTES: dict[str, dict[str, tuple[str, ...]]] = {
    "sale": {
        "zh_Hans": ("试了三件，买了一件", "陪女儿来买", "看中新款", ""),
        "zh_Hant": ("試穿後購買", "和朋友一起來", ""),
        "ko": ("세 벌 입어보고 한 벌 구매", "딸과 함께 방문", "신상품 구경", ""),
        "en": ("tried three, bought one", "came with a friend", ""),
    },
    "callback": {
        "zh_Hans": ("穿着合身，很满意", "问了洗涤方法", "想换个颜色"),
        "zh_Hant": ("很合身，滿意", "詢問洗滌方式"),
        "ko": ("사이즈 잘 맞음, 만족", "세탁 방법 문의", "다른 색상 원함"),
        "en": ("fits well, happy", "asked how to wash it"),
    },
    "greeting": {
        "zh_Hans": ("发了节日祝福", "生日祝福"),
        "zh_Hant": ("節日祝福", "生日祝福"),
        "ko": ("명절 인사 보냄", "생일 축하 메시지"),
        "en": ("season's greetings", "birthday wishes"),
    },
    "care": {
        "zh_Hans": ("新品到店通知", "问候近况", "提醒换季保养"),
        "zh_Hant": ("新品到店通知", "問候近況"),
        "ko": ("신상품 입고 안내", "안부 인사", "환절기 관리 안내"),
        "en": ("new stock arrived", "checking in"),
    },
    "gift": {
        "zh_Hans": ("送了丝巾小礼物", "VIP生日礼盒"),
        "zh_Hant": ("送小禮物", "VIP生日禮盒"),
        "ko": ("스카프 선물 증정", "VIP 생일 선물"),
        "en": ("small gift", "VIP birthday box"),
    },
}

DATE_LABELS: dict[str, dict[str, str]] = {
    "wedding": {"zh_Hans": "结婚纪念日", "zh_Hant": "結婚紀念日", "ko": "결혼기념일", "en": "wedding anniversary"},
    "child": {"zh_Hans": "{name}生日", "zh_Hant": "{name}生日", "ko": "{name} 생일", "en": "{name}'s birthday"},
    "mother": {"zh_Hans": "母亲生日", "zh_Hant": "母親生日", "ko": "어머니 생신", "en": "mother's birthday"},
    "shop": {"zh_Hans": "开店纪念日", "zh_Hant": "開店紀念日", "ko": "개업 기념일", "en": "company anniversary"},
}

CATEGORIES = ("quality", "fit", "service", "price", "delivery", "other")

COMPLAINT_DESCRIPTIONS: dict[str, dict[str, str]] = {
    "quality": {
        "zh_Hans": "洗了一次就起球了，这么贵的衣服怎么会这样", "zh_Hant": "只洗一次就起毛球，太誇張了",
        "ko": "한 번 빨았는데 보풀이 심하게 일어났어요", "en": "It pilled after one wash",
    },
    "fit": {
        "zh_Hans": "改过的裤长还是不对，短了两公分", "zh_Hant": "修改後褲長還是不對",
        "ko": "수선했는데 기장이 여전히 짧아요", "en": "The alteration is still too short",
    },
    "service": {
        "zh_Hans": "上次来店员态度很冷淡，没人理我", "zh_Hant": "店員態度冷淡，等了很久沒人招呼",
        "ko": "직원이 불친절했고 한참 기다렸어요", "en": "Nobody helped me for twenty minutes",
    },
    "price": {
        "zh_Hans": "刚买三天就打折了，差价要退给我", "zh_Hant": "剛買就打折，希望退差價",
        "ko": "사자마자 세일을 해서 차액을 원해요", "en": "It went on sale three days after I bought it",
    },
    "delivery": {
        "zh_Hans": "说好周五送到，结果拖了一周", "zh_Hant": "說好週五送到，晚了一週",
        "ko": "금요일 배송 약속이 일주일 늦어졌어요", "en": "Delivery came a week late",
    },
    "other": {
        "zh_Hans": "会员积分没有记上", "zh_Hant": "會員點數沒有記上",
        "ko": "적립금이 누락됐어요", "en": "My points were not added",
    },
}

EMOTIONS = ("angry", "upset", "worried", "disappointed", "calm")
PLACES = ("quiet corner", "fitting room lounge", "phone", "back office")
CHANNELS = ("visit", "call", "chat")

APOLOGIES: dict[str, str] = {
    "zh_Hans": "非常抱歉给您添麻烦了，这是我们的责任",
    "zh_Hant": "非常抱歉造成您的困擾",
    "ko": "불편을 드려 정말 죄송합니다",
    "en": "I am truly sorry for the trouble",
}
# what staff wrote at steps 5-7, in the customer's language: (category) -> locale -> text
EXPLANATIONS: dict[str, dict[str, str]] = {
    "quality": {"zh_Hans": "这批面料有问题，已和供应商确认", "zh_Hant": "這批布料有問題，已與供應商確認",
                "ko": "원단 불량으로 공급처에 확인했습니다", "en": "A fabric fault in that batch, confirmed with the supplier"},
    "fit": {"zh_Hans": "修改时量错了位置", "zh_Hant": "修改時量錯了位置",
            "ko": "수선 시 치수를 잘못 쟀습니다", "en": "The alteration was measured from the wrong mark"},
    "service": {"zh_Hans": "那天店里人手不够", "zh_Hant": "那天店裡人手不足",
                "ko": "그날 매장 인원이 부족했습니다", "en": "We were short-staffed that day"},
    "price": {"zh_Hans": "折扣是总部在您购买后才决定的", "zh_Hant": "折扣是總部在您購買後才決定的",
              "ko": "구매 후 본사에서 세일을 결정했습니다", "en": "Head office decided the sale after your purchase"},
    "delivery": {"zh_Hans": "快递把第一个包裹弄丢了", "zh_Hant": "快遞遺失了第一個包裹",
                 "ko": "택배사에서 첫 번째 상자를 분실했습니다", "en": "The courier lost the first parcel"},
    "other": {"zh_Hans": "收银系统没有同步积分", "zh_Hant": "收銀系統沒有同步點數",
              "ko": "포스 시스템에서 적립이 누락됐습니다", "en": "The till did not send the points"},
}
SOLUTIONS: dict[str, dict[str, tuple[str, ...]]] = {
    "quality": {"zh_Hans": ("换一件新的", "全额退款"), "zh_Hant": ("換一件新的", "全額退款"),
                "ko": ("새 상품으로 교환", "전액 환불"), "en": ("Exchange for a new piece", "Full refund")},
    "fit": {"zh_Hans": ("免费重新修改", "换尺码"), "zh_Hant": ("免費重新修改", "換尺寸"),
            "ko": ("무료 재수선", "사이즈 교환"), "en": ("Redo the alteration free", "Exchange for another size")},
    "service": {"zh_Hans": ("店长亲自致歉", "安排VIP专属试衣"), "zh_Hant": ("店長親自致歉", "安排VIP專屬試衣"),
                "ko": ("점장 직접 사과", "VIP 전용 피팅 예약"), "en": ("Apology from the manager", "A private fitting")},
    "price": {"zh_Hans": ("退还差价", "差价转为储值"), "zh_Hant": ("退還差價", "差價轉為儲值"),
              "ko": ("차액 환불", "차액 적립금 지급"), "en": ("Refund the difference", "Store credit for the difference")},
    "delivery": {"zh_Hans": ("加急重新发货", "退运费"), "zh_Hant": ("加急重新寄送", "退運費"),
                 "ko": ("빠른 재배송", "배송비 환불"), "en": ("Express re-delivery", "Refund the delivery fee")},
    "other": {"zh_Hans": ("手动补积分", "下次双倍积分"), "zh_Hant": ("手動補點數", "下次雙倍點數"),
              "ko": ("적립금 수동 지급", "다음 구매 적립 2배"), "en": ("Add the points by hand", "Double points next time")},
}
# (locale -> what was given, value in minor units)
COMPENSATIONS: tuple[tuple[dict[str, str], int], ...] = (
    ({"zh_Hans": "无", "zh_Hant": "無", "ko": "없음", "en": "none"}, 0),
    ({"zh_Hans": "赠送丝巾", "zh_Hant": "贈送絲巾", "ko": "스카프 증정", "en": "silk scarf gift"}, 19_900),
    ({"zh_Hans": "100元代金券", "zh_Hant": "100元禮券", "ko": "1만원 상품권", "en": "100 voucher"}, 10_000),
    ({"zh_Hans": "免费修改", "zh_Hant": "免費修改", "ko": "무료 수선", "en": "free alteration"}, 5_000),
    ({"zh_Hans": "200元代金券", "zh_Hant": "200元禮券", "ko": "2만원 상품권", "en": "200 voucher"}, 20_000),
    ({"zh_Hans": "双倍积分", "zh_Hant": "雙倍點數", "ko": "적립금 2배", "en": "double points"}, 0),
)
FINAL_WISHES: dict[str, tuple[str, ...]] = {
    "zh_Hans": ("希望下次不要再这样", "谢谢你们认真处理", ""),
    "zh_Hant": ("希望不要再發生", "謝謝認真處理", ""),
    "ko": ("다음엔 이런 일 없길 바라요", "신경 써 주셔서 감사해요", ""),
    "en": ("Please make sure it does not happen again", "Thanks for sorting it out", ""),
}
