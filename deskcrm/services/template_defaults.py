"""Default message wordings (en, 简体, 繁體, 한국어), keyed by (kind, name).

Greetings (festival, birthday, date, season) wish well and carry no offer (004 §Ⅹ-2 A).
"""

from __future__ import annotations

MARKETING = frozenset(
    {"festival", "birthday", "date", "season", "miss_you", "repurchase", "vip_event",
     "top_tier_visit", "broadcast"}
)

DEFAULTS: dict[tuple[str, str], dict[str, str]] = {
    ("festival", "default"): {
        "en": "Dear {address}, warm wishes for {festival} to you and your family. — {shop}",
        "zh_Hans": "{address}，{festival}快乐！祝您和家人幸福安康。——{shop}",
        "zh_Hant": "{address}，{festival}快樂！祝您和家人幸福安康。——{shop}",
        "ko": "{address}, 즐거운 {festival} 보내세요. 가족 모두 건강하고 행복하시길 바랍니다. - {shop}",
    },
    ("birthday", "default"): {
        "en": "Happy birthday, {address}! Wishing you a wonderful year ahead. — {shop}",
        "zh_Hans": "{address}，祝您生日快乐！愿新的一岁平安喜乐。——{shop}",
        "zh_Hant": "{address}，祝您生日快樂！願新的一歲平安喜樂。——{shop}",
        "ko": "{address}, 생일 진심으로 축하드립니다! 행복한 한 해 보내세요. - {shop}",
    },
    # {occasion} is the date's own name as filed: "wedding anniversary", "结婚纪念日", "결혼기념일"
    ("date", "default"): {
        "en": "Dear {address}, warmest wishes on your {occasion}. — {shop}",
        "zh_Hans": "{address}，值此{occasion}之际，送上我们最诚挚的祝福。——{shop}",
        "zh_Hant": "{address}，值此{occasion}之際，送上我們最誠摯的祝福。——{shop}",
        "ko": "{address}, 뜻깊은 {occasion}, 진심으로 축하드립니다. - {shop}",
    },
    # {who} is the family member in polite words: "您的孩子王红", "자녀 김하은"
    ("date", "related_birthday"): {
        "en": "Dear {address}, happy birthday to {who}! Please pass on our warmest wishes. — {shop}",
        "zh_Hans": "{address}，祝{who}生日快乐！请代我们转达最诚挚的祝福。——{shop}",
        "zh_Hant": "{address}，祝{who}生日快樂！請代我們轉達最誠摯的祝福。——{shop}",
        "ko": "{address}, {who}의 생일을 진심으로 축하드립니다. 따뜻한 축하 인사 전해 주세요. - {shop}",
    },
    ("season", "default"): {
        "en": "Dear {address}, the season is turning; mornings and evenings differ a lot, so please take good care of yourself. — {shop}",
        "zh_Hans": "{address}，换季时节早晚温差大，请注意增减衣物，保重身体。——{shop}",
        "zh_Hant": "{address}，換季時節早晚溫差大，請注意增減衣物，保重身體。——{shop}",
        "ko": "{address}, 환절기라 일교차가 큽니다. 옷차림 잘 챙기시고 건강 유의하세요. - {shop}",
    },
    ("miss_you", "default"): {
        "en": "Dear {address}, it has been a while. We hope all is well, and we would love to see you again whenever it suits you. — {shop}",
        "zh_Hans": "{address}，好久不见，近来可好？有空欢迎回来坐坐。——{shop}",
        "zh_Hant": "{address}，好久不見，近來可好？有空歡迎回來坐坐。——{shop}",
        "ko": "{address}, 오랜만입니다. 잘 지내고 계시지요? 편하실 때 한번 들러 주세요. - {shop}",
    },
    ("referral_thanks", "default"): {
        "en": "Dear {address}, thank you for introducing {who} to us. Your trust means a great deal. — {shop}",
        "zh_Hans": "{address}，感谢您把{who}介绍给我们，您的信任是我们最大的鼓励。——{shop}",
        "zh_Hant": "{address}，感謝您把{who}介紹給我們，您的信任是我們最大的鼓勵。——{shop}",
        "ko": "{address}, {who} 님을 소개해 주셔서 진심으로 감사드립니다. - {shop}",
    },
    ("referral_welcome", "default"): {
        "en": "Dear {address}, welcome to {shop}! How was your first week with us? Tell us if we can help with anything.",
        "zh_Hans": "{address}，欢迎来到{shop}！这一周用得还习惯吗？有任何需要随时告诉我们。",
        "zh_Hant": "{address}，歡迎來到{shop}！這一週用得還習慣嗎？有任何需要隨時告訴我們。",
        "ko": "{address}, {shop}에 오신 것을 환영합니다! 첫 주는 어떠셨나요? 필요하신 것이 있으면 언제든 말씀해 주세요.",
    },
    ("post_purchase", "default"): {
        "en": "Dear {address}, how is your {item} wearing? If you have any questions about fit or washing, we are glad to help. — {shop}",
        "zh_Hans": "{address}，您买的{item}穿着还合适吗？尺码、洗涤保养有任何问题随时联系我们。——{shop}",
        "zh_Hant": "{address}，您買的{item}穿著還合適嗎？尺碼、洗滌保養有任何問題隨時聯繫我們。——{shop}",
        "ko": "{address}, 구매하신 {item} 잘 맞으시나요? 사이즈나 세탁 관련 궁금한 점은 언제든 연락 주세요. - {shop}",
    },
    ("post_purchase", "satisfaction"): {
        "en": "Dear {address}, a month on, are you still happy with your {item}? Your opinion helps us do better. — {shop}",
        "zh_Hans": "{address}，{item}穿了一个月，还满意吗？您的意见能帮助我们做得更好。——{shop}",
        "zh_Hant": "{address}，{item}穿了一個月，還滿意嗎？您的意見能幫助我們做得更好。——{shop}",
        "ko": "{address}, {item} 한 달 동안 만족스러우셨나요? 고객님의 의견이 큰 도움이 됩니다. - {shop}",
    },
    ("milestone", "default"): {
        "en": "Dear {address}, thank you for your loyal support. It is a pleasure to serve you. — {shop}",
        "zh_Hans": "{address}，感谢您一直以来的支持与信任，能为您服务是我们的荣幸。——{shop}",
        "zh_Hant": "{address}，感謝您一直以來的支持與信任，能為您服務是我們的榮幸。——{shop}",
        "ko": "{address}, 그동안 변함없이 아껴 주셔서 진심으로 감사드립니다. - {shop}",
    },
    ("top_tier_visit", "default"): {
        "en": "Dear {address}, our manager would like to visit and thank you in person. When would suit you? — {shop}",
        "zh_Hans": "{address}，我们店长想登门当面向您致谢，请问您什么时候方便？——{shop}",
        "zh_Hant": "{address}，我們店長想登門當面向您致謝，請問您什麼時候方便？——{shop}",
        "ko": "{address}, 저희 점장이 직접 찾아뵙고 감사 인사를 드리고 싶습니다. 언제가 편하신가요? - {shop}",
    },
    ("repurchase", "default"): {
        "en": "Dear {address}, it is about time for your usual {item}. Shall we set one aside for you? — {shop}",
        "zh_Hans": "{address}，您常买的{item}差不多该补充了，需要我们先帮您留一份吗？——{shop}",
        "zh_Hant": "{address}，您常買的{item}差不多該補充了，需要我們先幫您留一份嗎？——{shop}",
        "ko": "{address}, 늘 구매하시던 {item} 다시 필요하실 때가 된 것 같아요. 미리 준비해 둘까요? - {shop}",
    },
    ("vip_event", "default"): {
        "en": "Dear {address}, you are warmly invited to {event} on {date}. We would be delighted to see you. — {shop}",
        "zh_Hans": "{address}，诚邀您参加{date}的{event}，期待与您相聚。——{shop}",
        "zh_Hant": "{address}，誠邀您參加{date}的{event}，期待與您相聚。——{shop}",
        "ko": "{address}, {date} {event}에 정중히 초대합니다. 뵙기를 고대하겠습니다. - {shop}",
    },
    ("complaint_followup", "default"): {
        "en": "Dear {address}, we are checking that what we promised was done and that you are satisfied now. — {shop}",
        "zh_Hans": "{address}，我们回访一下：答应您的事情是否都已办妥，您现在满意吗？——{shop}",
        "zh_Hant": "{address}，我們回訪一下：答應您的事情是否都已辦妥，您現在滿意嗎？——{shop}",
        "ko": "{address}, 약속드린 조치가 잘 마무리되었는지, 지금은 만족하시는지 여쭙고자 연락드렸습니다. - {shop}",
    },
    ("broadcast", "typhoon"): {
        "en": "Dear {address}, a typhoon is approaching {city}. Please stay indoors and keep safe. — {shop}",
        "zh_Hans": "{address}，台风即将影响{city}，请尽量减少外出，注意安全。——{shop}",
        "zh_Hant": "{address}，颱風即將影響{city}，請盡量減少外出，注意安全。——{shop}",
        "ko": "{address}, {city}에 태풍이 다가오고 있습니다. 외출을 삼가시고 안전에 유의하세요. - {shop}",
    },
    ("broadcast", "heavy_rain"): {
        "en": "Dear {address}, heavy rain is forecast for {city}. Please take care on the roads. — {shop}",
        "zh_Hans": "{address}，{city}将有强降雨，出行请注意安全。——{shop}",
        "zh_Hant": "{address}，{city}將有強降雨，出行請注意安全。——{shop}",
        "ko": "{address}, {city}에 폭우가 예보되어 있습니다. 이동 시 안전에 유의하세요. - {shop}",
    },
    ("broadcast", "cold_wave"): {
        "en": "Dear {address}, a cold wave is reaching {city}. Please dress warmly and look after yourself. — {shop}",
        "zh_Hans": "{address}，寒潮将至{city}，请注意添衣保暖，照顾好自己。——{shop}",
        "zh_Hant": "{address}，寒潮將至{city}，請注意添衣保暖，照顧好自己。——{shop}",
        "ko": "{address}, {city}에 한파가 찾아옵니다. 따뜻하게 입으시고 건강 조심하세요. - {shop}",
    },
}

# earlier default wordings a shop never edited: replaced by today's on the next start
SUPERSEDED: dict[tuple[str, str, str], str] = {
    ("date", "default", "en"): "Dear {address}, warm wishes on a special day: {occasion}. — {shop}",
    ("date", "default", "zh_Hans"): "{address}，在这个特别的日子（{occasion}）送上我们的祝福。——{shop}",
    ("date", "default", "zh_Hant"): "{address}，在這個特別的日子（{occasion}）送上我們的祝福。——{shop}",
    ("date", "default", "ko"): "{address}, 특별한 날({occasion})을 진심으로 축하드립니다. - {shop}",
}
