"""Seed the standard 2023 question set (q1–q11) in the seven survey languages.

The Swedish texts are the originals from the 2023 survey. The data is frozen here
on purpose: a migration must keep meaning the same thing, whatever the code does
later. Existing rows are left untouched, so a quality developer's edits survive.
"""

from django.db import migrations

AREAS = [
    # (code, position, {language: name})
    (
        "NKI",
        1,
        {
            "sv": "Stödet som helhet",
            "en": "The support as a whole",
            "ar": "الدعم بشكل عام",
            "fa-af": "کمک به طور کلی",
            "so": "Taageerada guud ahaan",
            "ti": "ሓገዝ ብሓፈሻ",
            "uk": "Підтримка загалом",
        },
    ),
    (
        "Mål",
        2,
        {
            "sv": "Mål",
            "en": "Goals",
            "ar": "الأهداف",
            "fa-af": "اهداف",
            "so": "Yoolal",
            "ti": "ዕላማታት",
            "uk": "Цілі",
        },
    ),
    (
        "Arbetsplats",
        3,
        {
            "sv": "Arbetsplats",
            "en": "Workplace",
            "ar": "مكان العمل",
            "fa-af": "محل کار",
            "so": "Goobta shaqada",
            "ti": "ቦታ ስራሕ",
            "uk": "Робоче місце",
        },
    ),
    (
        "Utveckling",
        4,
        {
            "sv": "Utveckling",
            "en": "Your development",
            "ar": "تطوّرك",
            "fa-af": "پیشرفت شما",
            "so": "Horumarkaaga",
            "ti": "ምዕባለኹም",
            "uk": "Ваш розвиток",
        },
    ),
]

QUESTIONS = [
    # (code, area code, allows "don't know", {language: text})
    (
        "q1",
        "NKI",
        False,
        {
            "sv": "Har stödet du fått av din jobbexpert/jobbcoach varit meningsfullt för dig?",
            "en": "Has the support you got from your job expert/job coach been meaningful to you?",
            "ar": "هل كان الدعم الذي حصلت عليه من خبير العمل أو مدرب العمل الخاص بك مفيدًا لك؟",
            "fa-af": "آیا کمکی که از متخصص کار/مربی کار خود گرفتید، برای شما با معنا بوده است؟",
            "so": "Taageerada aad ka heshay khabiirkaaga shaqada/tababarahaaga shaqada ma kuu ahayd mid macno leh?",
            "ti": "እቲ ካብ ክኢላ ስራሕኩም/ኣሰልጣኒ ስራሕኩም ዝረኸብኩምዎ ሓገዝ ንዓኹም ትርጉም ዘለዎ ነይሩ ዶ?",
            "uk": "Чи була підтримка, яку ви отримали від свого фахівця з працевлаштування/коуча, корисною для вас?",
        },
    ),
    (
        "q2",
        "NKI",
        False,
        {
            "sv": "Rekommenderar du din jobbexpert/jobbcoach till andra som behöver stöd i att söka arbete "
            "eller studier?",
            "en": "Would you recommend your job expert/job coach to others who need support in looking for work "
            "or studies?",
            "ar": "هل تنصح بخبير العمل أو مدرب العمل الخاص بك لأشخاص آخرين يحتاجون إلى دعم في البحث عن عمل "
            "أو دراسة؟",
            "fa-af": "آیا متخصص کار/مربی کار خود را به دیگرانی که برای پیدا کردن کار یا تحصیل به کمک نیاز دارند، "
            "پیشنهاد می‌کنید؟",
            "so": "Ma kula talin lahayd khabiirkaaga shaqada/tababarahaaga shaqada dadka kale ee u baahan "
            "taageero si ay u raadsadaan shaqo ama waxbarasho?",
            "ti": "ንኻልኦት ስራሕ ወይ ትምህርቲ ንምድላይ ሓገዝ ዘድልዮም ሰባት፡ ንክኢላ ስራሕኩም/ኣሰልጣኒ ስራሕኩም ክትመኽሩሎም ዶ "
            "ትኽእሉ?",
            "uk": "Чи порадили б ви свого фахівця з працевлаштування/коуча іншим людям, яким потрібна підтримка "
            "в пошуку роботи чи навчання?",
        },
    ),
    (
        "q3",
        "NKI",
        False,
        {
            "sv": "Har det stöd du fått gett dig ökade möjligheter till arbete och fortsatta studier?",
            "en": "Has the support you got given you better chances of work and further studies?",
            "ar": "هل أعطاك الدعم الذي حصلت عليه فرصًا أكبر للعمل ولمواصلة الدراسة؟",
            "fa-af": "آیا کمکی که گرفتید، فرصت‌های بیشتری برای کار و ادامهٔ تحصیل به شما داده است؟",
            "so": "Taageerada aad heshay ma ku siisay fursado badan oo shaqo iyo waxbarasho dheeraad ah?",
            "ti": "እቲ ዝረኸብኩምዎ ሓገዝ ንስራሕን ቀጻሊ ትምህርትን ዝያዳ ዕድላት ሂቡኩም ዶ?",
            "uk": "Чи дала вам отримана підтримка більше можливостей для роботи та подальшого навчання?",
        },
    ),
    (
        "q4",
        "Mål",
        False,
        {
            "sv": "Har du haft tydliga mål för vad du ska uppnå med stöd av din jobbexpert/jobbcoach?",
            "en": "Have you had clear goals for what you will reach with the support of your job expert/job coach?",
            "ar": "هل كانت لديك أهداف واضحة لما ستحققه بدعم من خبير العمل أو مدرب العمل الخاص بك؟",
            "fa-af": "آیا هدف‌های روشنی داشتید که با کمک متخصص کار/مربی کار خود به چه چیزی برسید؟",
            "so": "Ma lahayd yoolal cad oo ku saabsan waxa aad ku gaari doonto taageerada khabiirkaaga "
            "shaqada/tababarahaaga shaqada?",
            "ti": "ብሓገዝ ክኢላ ስራሕኩም/ኣሰልጣኒ ስራሕኩም እንታይ ከም እትበጽሑ ንጹር ዕላማታት ነይሩኩም ዶ?",
            "uk": "Чи були у вас чіткі цілі щодо того, чого ви досягнете з підтримкою свого фахівця "
            "з працевлаштування/коуча?",
        },
    ),
    (
        "q5",
        "Mål",
        False,
        {
            "sv": "Har du varit delaktig i de mål som du och din jobbexpert/jobbcoach kommit fram till?",
            "en": "Have you taken part in setting the goals that you and your job expert/job coach agreed on?",
            "ar": "هل شاركت في وضع الأهداف التي اتفقت عليها أنت وخبير العمل أو مدرب العمل الخاص بك؟",
            "fa-af": "آیا در تعیین هدف‌هایی که شما و متخصص کار/مربی کار تان روی آن به توافق رسیدید، سهم داشتید؟",
            "so": "Ma ka qayb qaadatay dejinta yoolalka adiga iyo khabiirkaaga shaqada/tababarahaaga shaqada "
            "aad isku raacdeen?",
            "ti": "ኣብቲ ንስኹምን ክኢላ ስራሕኩም/ኣሰልጣኒ ስራሕኩምን ዝተሰማማዕኩምሉ ዕላማታት ተሳቲፍኩም ዶ?",
            "uk": "Чи брали ви участь у визначенні цілей, про які ви домовилися зі своїм фахівцем "
            "з працевлаштування/коучем?",
        },
    ),
    (
        "q6",
        "Mål",
        False,
        {
            "sv": "Har du med stöd av din jobbexpert/jobbcoach tagit tydliga steg framåt för att uppnå dina mål "
            "och börja arbeta eller studera?",
            "en": "With the support of your job expert/job coach, have you taken clear steps forward to reach "
            "your goals and start working or studying?",
            "ar": "هل قمت، بدعم من خبير العمل أو مدرب العمل الخاص بك، بخطوات واضحة إلى الأمام لتحقيق أهدافك "
            "والبدء في العمل أو الدراسة؟",
            "fa-af": "آیا با کمک متخصص کار/مربی کار خود، برای رسیدن به هدف‌های تان و شروع کار یا تحصیل، "
            "قدم‌های روشنی به پیش برداشته‌اید؟",
            "so": "Taageerada khabiirkaaga shaqada/tababarahaaga shaqada, ma qaaday tallaabooyin cad oo hore "
            "si aad u gaarto yoolalkaaga oo aad u bilowdo shaqo ama waxbarasho?",
            "ti": "ብሓገዝ ክኢላ ስራሕኩም/ኣሰልጣኒ ስራሕኩም፡ ዕላማታትኩም ንምብጻሕን ስራሕ ወይ ትምህርቲ ንምጅማርን ንጹር "
            "ስጉምትታት ንቕድሚት ወሲድኩም ዶ?",
            "uk": "Чи зробили ви з підтримкою свого фахівця з працевлаштування/коуча чіткі кроки вперед, щоб "
            "досягти своїх цілей і почати працювати або навчатися?",
        },
    ),
    (
        "q7",
        "Arbetsplats",
        True,
        {
            "sv": "Har du haft nytta av erfarenheten från din arbetsplats?",
            "en": "Has the experience from your workplace been useful to you?",
            "ar": "هل استفدت من الخبرة التي اكتسبتها في مكان عملك؟",
            "fa-af": "آیا تجربه‌ای که در محل کار تان به دست آوردید، برای شما مفید بوده است؟",
            "so": "Khibradda aad ka heshay goobtaada shaqada miyay waxtar kuu lahayd?",
            "ti": "እቲ ካብ ቦታ ስራሕኩም ዝረኸብኩምዎ ተመኩሮ ጠቒሙኩም ዶ?",
            "uk": "Чи був для вас корисним досвід, який ви здобули на своєму робочому місці?",
        },
    ),
    (
        "q8",
        "Arbetsplats",
        True,
        {
            "sv": "Har du fått stöd av din jobbexpert/jobbcoach när du har varit på din arbetsplats?",
            "en": "Have you had support from your job expert/job coach while you have been at your workplace?",
            "ar": "هل حصلت على دعم من خبير العمل أو مدرب العمل الخاص بك عندما كنت في مكان عملك؟",
            "fa-af": "آیا زمانی که در محل کار تان بودید، از متخصص کار/مربی کار خود کمک گرفتید؟",
            "so": "Ma heshay taageero khabiirkaaga shaqada/tababarahaaga shaqada markii aad joogtay goobtaada "
            "shaqada?",
            "ti": "ኣብ ቦታ ስራሕኩም ኣብ ዝነበርኩምሉ እዋን፡ ካብ ክኢላ ስራሕኩም/ኣሰልጣኒ ስራሕኩም ሓገዝ ረኺብኩም ዶ?",
            "uk": "Чи отримували ви підтримку від свого фахівця з працевлаштування/коуча, коли були на своєму "
            "робочому місці?",
        },
    ),
    (
        "q9",
        "Utveckling",
        False,
        {
            "sv": "Har du med stöd av din jobbexpert/jobbcoach ökat din kunskap om arbetsmarknaden?",
            "en": "With the support of your job expert/job coach, have you learned more about the labour market?",
            "ar": "هل زادت معرفتك بسوق العمل بدعم من خبير العمل أو مدرب العمل الخاص بك؟",
            "fa-af": "آیا با کمک متخصص کار/مربی کار خود، دانش تان در بارهٔ بازار کار بیشتر شده است؟",
            "so": "Taageerada khabiirkaaga shaqada/tababarahaaga shaqada, aqoontaada ku saabsan suuqa shaqada "
            "ma kordhay?",
            "ti": "ብሓገዝ ክኢላ ስራሕኩም/ኣሰልጣኒ ስራሕኩም፡ ብዛዕባ ዕዳጋ ስራሕ ዘለኩም ፍልጠት ወሲኹ ዶ?",
            "uk": "Чи дізналися ви більше про ринок праці з підтримкою свого фахівця з працевлаштування/коуча?",
        },
    ),
    (
        "q10",
        "Utveckling",
        False,
        {
            "sv": "Har du med stöd av din jobbexpert/jobbcoach blivit bättre på att söka arbete?",
            "en": "With the support of your job expert/job coach, have you become better at looking for work?",
            "ar": "هل أصبحت أفضل في البحث عن عمل بدعم من خبير العمل أو مدرب العمل الخاص بك؟",
            "fa-af": "آیا با کمک متخصص کار/مربی کار خود، در پیدا کردن کار بهتر شده‌اید؟",
            "so": "Taageerada khabiirkaaga shaqada/tababarahaaga shaqada, ma ku fiicnaatay raadinta shaqada?",
            "ti": "ብሓገዝ ክኢላ ስራሕኩም/ኣሰልጣኒ ስራሕኩም፡ ስራሕ ኣብ ምድላይ ዝሓሸ ኮይንኩም ዶ?",
            "uk": "Чи навчилися ви краще шукати роботу з підтримкою свого фахівця з працевлаштування/коуча?",
        },
    ),
    (
        "q11",
        "Utveckling",
        False,
        {
            "sv": "Har stödet från din jobbexpert/jobbcoach haft betydelse för din utveckling?",
            "en": "Has the support from your job expert/job coach mattered for your development?",
            "ar": "هل كان للدعم الذي حصلت عليه من خبير العمل أو مدرب العمل الخاص بك أثر في تطورك؟",
            "fa-af": "آیا کمک متخصص کار/مربی کار تان در پیشرفت شما اثر داشته است؟",
            "so": "Taageerada khabiirkaaga shaqada/tababarahaaga shaqada ma saamayn ku yeelatay horumarkaaga?",
            "ti": "ሓገዝ ክኢላ ስራሕኩም/ኣሰልጣኒ ስራሕኩም ንምዕባለኹም ኣገዳሲ ነይሩ ዶ?",
            "uk": "Чи вплинула підтримка вашого фахівця з працевлаштування/коуча на ваш розвиток?",
        },
    ),
]


def seed(apps, schema_editor):
    Area = apps.get_model("enkat", "Area")
    AreaText = apps.get_model("enkat", "AreaText")
    Question = apps.get_model("enkat", "Question")
    QuestionText = apps.get_model("enkat", "QuestionText")
    areas = {}
    for code, position, names in AREAS:
        area, _ = Area.objects.get_or_create(code=code, defaults={"position": position})
        areas[code] = area
        for language, name in names.items():
            AreaText.objects.get_or_create(area=area, language=language, defaults={"name": name})
    for code, area_code, allows_dont_know, texts in QUESTIONS:
        question, _ = Question.objects.get_or_create(
            code=code, defaults={"area": areas[area_code], "allows_dont_know": allows_dont_know}
        )
        for language, text in texts.items():
            QuestionText.objects.get_or_create(question=question, language=language, defaults={"text": text})


class Migration(migrations.Migration):
    dependencies = [
        ("enkat", "0002_invitation_started_at"),
    ]

    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
