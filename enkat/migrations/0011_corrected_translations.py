"""The translations corrected after the review of issue 16, each with its back-translation into Swedish.

Rolled out as new text versions under the same codes, with the logic of
enkat.question_texts.new_text_version (repeated here on the historical models, so the
migration keeps meaning the same thing): a question whose translations change gets a
new version; open and closed surveys keep the version they were opened with, drafts
follow the new one. A question whose texts do not change keeps its version and only
gets the back-translations beside its texts (they are never shown to customers).

What changed, and why:
- q1: Arabic and Ukrainian asked "useful" (مفيدًا, корисною), not "meaningful".
- q2: every language asks "would you recommend" (a willingness, not whether one can
  recommend or already has); Tigrinya asked "can you recommend"; Somali "kula talin" read
  as advising *you*, now "u soo jeedin" (recommend to); Dari "looking for" work, not "finding".
  Arabic and Dari use the present, which is how both languages ask this.
- q3: Somali asked about "many opportunities" (a level), not increased ones; English
  now says "increased".
- q4: Dari was hard to parse; English "what you will reach" → "what you are to achieve".
- q6: Somali had the verb in the third person ("did it take steps").
- q8: Somali lacked "from"; Dari in the perfect, as the original.
- q9: Somali was unclear; English and Ukrainian now say "increased your knowledge".
- q10: Dari asked about finding a job (an outcome), not getting better at looking
  for work (a skill); Somali was unclear.
"""

from django.db import migrations

# {code: {language: (text, back-translation into Swedish)}}; Swedish is the original, unchanged.
TEXTS = {
    "q1": {
        "en": (
            "Has the support you got from your job expert/job coach been meaningful to you?",
            "Har stödet du fick från din jobbexpert/jobbcoach varit meningsfullt för dig?",
        ),
        "ar": (
            "هل كان الدعم الذي حصلت عليه من خبير العمل أو مدرب العمل الخاص بك ذا معنى بالنسبة لك؟",
            "Har stödet som du fått av din jobbexpert eller jobbcoach varit meningsfullt för dig?",
        ),
        "fa-af": (
            "آیا کمکی که از متخصص کار/مربی کار خود گرفتید، برای شما با معنا بوده است؟",
            "Har stödet du fick av din jobbexpert/jobbcoach varit meningsfullt för dig?",
        ),
        "so": (
            "Taageerada aad ka heshay khabiirkaaga shaqada/tababarahaaga shaqada ma kuu ahayd mid macno leh?",
            "Har stödet du fått av din jobbexpert/jobbcoach varit något meningsfullt för dig?",
        ),
        "ti": (
            "እቲ ካብ ክኢላ ስራሕኩም/ኣሰልጣኒ ስራሕኩም ዝረኸብኩምዎ ሓገዝ ንዓኹም ትርጉም ዘለዎ ነይሩ ዶ?",
            "Har stödet ni fått av er jobbexpert/jobbcoach varit meningsfullt för er?",
        ),
        "uk": (
            "Чи була підтримка, яку ви отримали від свого фахівця з працевлаштування/коуча, значущою для вас?",
            "Har stödet du fått av din jobbexpert/jobbcoach varit meningsfullt för dig?",
        ),
    },
    "q2": {
        "en": (
            "Would you recommend your job expert/job coach to others who need support in looking for work or studies?",
            "Skulle du rekommendera din jobbexpert/jobbcoach till andra som behöver stöd i att söka arbete "
            "eller studier?",
        ),
        "ar": (
            "هل توصي بخبير العمل أو مدرب العمل الخاص بك لأشخاص آخرين يحتاجون إلى دعم في البحث عن عمل أو دراسة؟",
            "Rekommenderar du (skulle du rekommendera) din jobbexpert eller jobbcoach till andra som behöver "
            "stöd i att söka arbete eller studier?",
        ),
        "fa-af": (
            "آیا متخصص کار/مربی کار خود را به دیگرانی که برای جستجوی کار یا تحصیل به کمک نیاز دارند، توصیه می‌کنید؟",
            "Rekommenderar du (skulle du rekommendera) din jobbexpert/jobbcoach till andra som behöver stöd "
            "för att söka arbete eller studier?",
        ),
        "so": (
            "Dadka kale ee u baahan taageero ay ku raadsadaan shaqo ama waxbarasho, ma u soo jeedin lahayd "
            "khabiirkaaga shaqada/tababarahaaga shaqada?",
            "Skulle du föreslå (rekommendera) din jobbexpert/jobbcoach för andra som behöver stöd i att söka "
            "arbete eller studier?",
        ),
        "ti": (
            "ንኻልኦት ስራሕ ወይ ትምህርቲ ንምድላይ ሓገዝ ዘድልዮም ሰባት፡ ንክኢላ ስራሕኩም/ኣሰልጣኒ ስራሕኩም ምመኸርኩምሎም ዶ?",
            "Skulle ni rekommendera er jobbexpert/jobbcoach för andra som behöver stöd i att söka arbete "
            "eller studier?",
        ),
        "uk": (
            "Чи порадили б ви свого фахівця з працевлаштування/коуча іншим людям, яким потрібна підтримка "
            "в пошуку роботи чи навчання?",
            "Skulle du rekommendera din jobbexpert/jobbcoach till andra som behöver stöd i att söka arbete "
            "eller studier?",
        ),
    },
    "q3": {
        "en": (
            "Has the support you got increased your chances of work and further studies?",
            "Har stödet du fick ökat dina möjligheter till arbete och fortsatta studier?",
        ),
        "ar": (
            "هل أعطاك الدعم الذي حصلت عليه فرصًا أكبر للعمل ولمواصلة الدراسة؟",
            "Har stödet du fått gett dig större möjligheter till arbete och till fortsatta studier?",
        ),
        "fa-af": (
            "آیا کمکی که گرفتید، فرصت‌های بیشتری برای کار و ادامهٔ تحصیل به شما داده است؟",
            "Har stödet du fick gett dig fler möjligheter till arbete och fortsatta studier?",
        ),
        "so": (
            "Taageerada aad heshay ma kordhisay fursadahaaga shaqo iyo waxbarasho dheeraad ah?",
            "Har stödet du fått ökat dina möjligheter till arbete och vidare studier?",
        ),
        "ti": (
            "እቲ ዝረኸብኩምዎ ሓገዝ ንስራሕን ቀጻሊ ትምህርትን ዝያዳ ዕድላት ሂቡኩም ዶ?",
            "Har stödet ni fått gett er större möjligheter till arbete och fortsatta studier?",
        ),
        "uk": (
            "Чи дала вам отримана підтримка більше можливостей для роботи та подальшого навчання?",
            "Har stödet du fått gett dig fler möjligheter till arbete och fortsatta studier?",
        ),
    },
    "q4": {
        "en": (
            "Have you had clear goals for what you are to achieve with the support of your job expert/job coach?",
            "Har du haft tydliga mål för vad du ska uppnå med stöd av din jobbexpert/jobbcoach?",
        ),
        "ar": (
            "هل كانت لديك أهداف واضحة لما ستحققه بدعم من خبير العمل أو مدرب العمل الخاص بك؟",
            "Har du haft tydliga mål för vad du ska uppnå med stöd av din jobbexpert eller jobbcoach?",
        ),
        "fa-af": (
            "آیا برای آنچه قرار است با کمک متخصص کار/مربی کار خود به دست آورید، هدف‌های روشن داشته‌اید؟",
            "Har du haft tydliga mål för det du ska uppnå med stöd av din jobbexpert/jobbcoach?",
        ),
        "so": (
            "Ma lahayd yoolal cad oo ku saabsan waxa aad ku gaari doonto taageerada khabiirkaaga "
            "shaqada/tababarahaaga shaqada?",
            "Hade du tydliga mål om vad du skulle uppnå med stödet från din jobbexpert/jobbcoach?",
        ),
        "ti": (
            "ብሓገዝ ክኢላ ስራሕኩም/ኣሰልጣኒ ስራሕኩም እንታይ ከም እትበጽሑ ንጹር ዕላማታት ነይሩኩም ዶ?",
            "Har ni haft tydliga mål för vad ni ska uppnå med stöd av er jobbexpert/jobbcoach?",
        ),
        "uk": (
            "Чи були у вас чіткі цілі щодо того, чого ви досягнете з підтримкою свого фахівця "
            "з працевлаштування/коуча?",
            "Har du haft tydliga mål för vad du ska uppnå med stöd av din jobbexpert/jobbcoach?",
        ),
    },
    "q5": {
        "en": (
            "Have you taken part in setting the goals that you and your job expert/job coach agreed on?",
            "Har du varit med om att sätta de mål som du och din jobbexpert/jobbcoach kom överens om?",
        ),
        "ar": (
            "هل شاركت في وضع الأهداف التي اتفقت عليها أنت وخبير العمل أو مدرب العمل الخاص بك؟",
            "Har du deltagit i att sätta de mål som du och din jobbexpert eller jobbcoach kommit överens om?",
        ),
        "fa-af": (
            "آیا در تعیین هدف‌هایی که شما و متخصص کار/مربی کار تان روی آن به توافق رسیدید، سهم داشتید؟",
            "Har du haft del i att bestämma de mål som du och din jobbexpert/jobbcoach kommit överens om?",
        ),
        "so": (
            "Ma ka qayb qaadatay dejinta yoolalka adiga iyo khabiirkaaga shaqada/tababarahaaga shaqada "
            "aad isku raacdeen?",
            "Deltog du i att sätta de mål som du och din jobbexpert/jobbcoach kom överens om?",
        ),
        "ti": (
            "ኣብቲ ንስኹምን ክኢላ ስራሕኩም/ኣሰልጣኒ ስራሕኩምን ዝተሰማማዕኩምሉ ዕላማታት ተሳቲፍኩም ዶ?",
            "Har ni varit delaktiga i de mål som ni och er jobbexpert/jobbcoach kommit överens om?",
        ),
        "uk": (
            "Чи брали ви участь у визначенні цілей, про які ви домовилися зі своїм фахівцем з працевлаштування/коучем?",
            "Har du deltagit i att bestämma de mål som du och din jobbexpert/jobbcoach kommit överens om?",
        ),
    },
    "q6": {
        "en": (
            "With the support of your job expert/job coach, have you taken clear steps forward to reach "
            "your goals and start working or studying?",
            "Har du med stöd av din jobbexpert/jobbcoach tagit tydliga steg framåt för att nå dina mål "
            "och börja arbeta eller studera?",
        ),
        "ar": (
            "هل قمت، بدعم من خبير العمل أو مدرب العمل الخاص بك، بخطوات واضحة إلى الأمام لتحقيق أهدافك "
            "والبدء في العمل أو الدراسة؟",
            "Har du, med stöd av din jobbexpert eller jobbcoach, tagit tydliga steg framåt för att nå dina "
            "mål och börja arbeta eller studera?",
        ),
        "fa-af": (
            "آیا با کمک متخصص کار/مربی کار خود، برای رسیدن به هدف‌های تان و شروع کار یا تحصیل، "
            "قدم‌های روشنی به پیش برداشته‌اید؟",
            "Har du med stöd av din jobbexpert/jobbcoach tagit tydliga steg framåt för att nå dina mål "
            "och börja arbeta eller studera?",
        ),
        "so": (
            "Adiga oo taageero ka helaya khabiirkaaga shaqada/tababarahaaga shaqada, ma qaadday "
            "tallaabooyin cad oo horumar ah si aad u gaarto yoolalkaaga oo aad u bilowdo shaqo ama waxbarasho?",
            "Har du, med stöd från din jobbexpert/jobbcoach, tagit tydliga steg framåt för att nå dina mål "
            "och börja arbeta eller studera?",
        ),
        "ti": (
            "ብሓገዝ ክኢላ ስራሕኩም/ኣሰልጣኒ ስራሕኩም፡ ዕላማታትኩም ንምብጻሕን ስራሕ ወይ ትምህርቲ ንምጅማርን ንጹር ስጉምትታት ንቕድሚት ወሲድኩም ዶ?",
            "Har ni med stöd av er jobbexpert/jobbcoach tagit tydliga steg framåt för att nå era mål "
            "och börja arbeta eller studera?",
        ),
        "uk": (
            "Чи зробили ви з підтримкою свого фахівця з працевлаштування/коуча чіткі кроки вперед, щоб "
            "досягти своїх цілей і почати працювати або навчатися?",
            "Har du med stöd av din jobbexpert/jobbcoach tagit tydliga steg framåt för att nå dina mål "
            "och börja arbeta eller studera?",
        ),
    },
    "q7": {
        "en": (
            "Has the experience from your workplace been useful to you?",
            "Har erfarenheten från din arbetsplats varit till nytta för dig?",
        ),
        "ar": (
            "هل استفدت من الخبرة التي اكتسبتها في مكان عملك؟",
            "Har du haft nytta av erfarenheten du fått på din arbetsplats?",
        ),
        "fa-af": (
            "آیا تجربه‌ای که در محل کار تان به دست آوردید، برای شما مفید بوده است؟",
            "Har erfarenheten du fick på din arbetsplats varit till nytta för dig?",
        ),
        "so": (
            "Khibradda aad ka heshay goobtaada shaqada miyay waxtar kuu lahayd?",
            "Har erfarenheten du fått från din arbetsplats varit till nytta för dig?",
        ),
        "ti": (
            "እቲ ካብ ቦታ ስራሕኩም ዝረኸብኩምዎ ተመኩሮ ጠቒሙኩም ዶ?",
            "Har erfarenheten ni fått från er arbetsplats varit till nytta för er?",
        ),
        "uk": (
            "Чи був для вас корисним досвід, який ви здобули на своєму робочому місці?",
            "Har erfarenheten du fått på din arbetsplats varit till nytta för dig?",
        ),
    },
    "q8": {
        "en": (
            "Have you had support from your job expert/job coach while you have been at your workplace?",
            "Har du haft stöd av din jobbexpert/jobbcoach medan du har varit på din arbetsplats?",
        ),
        "ar": (
            "هل حصلت على دعم من خبير العمل أو مدرب العمل الخاص بك عندما كنت في مكان عملك؟",
            "Har du fått stöd av din jobbexpert eller jobbcoach när du var på din arbetsplats?",
        ),
        "fa-af": (
            "آیا زمانی که در محل کار تان بوده‌اید، از متخصص کار/مربی کار خود کمک گرفته‌اید؟",
            "Har du fått stöd av din jobbexpert/jobbcoach när du har varit på din arbetsplats?",
        ),
        "so": (
            "Ma ka heshay taageero khabiirkaaga shaqada/tababarahaaga shaqada markii aad joogtay goobtaada shaqada?",
            "Fick du stöd från din jobbexpert/jobbcoach när du var på din arbetsplats?",
        ),
        "ti": (
            "ኣብ ቦታ ስራሕኩም ኣብ ዝነበርኩምሉ እዋን፡ ካብ ክኢላ ስራሕኩም/ኣሰልጣኒ ስራሕኩም ሓገዝ ረኺብኩም ዶ?",
            "Har ni fått stöd av er jobbexpert/jobbcoach när ni var på er arbetsplats?",
        ),
        "uk": (
            "Чи отримували ви підтримку від свого фахівця з працевлаштування/коуча, коли були на своєму "
            "робочому місці?",
            "Fick du stöd av din jobbexpert/jobbcoach när du var på din arbetsplats?",
        ),
    },
    "q9": {
        "en": (
            "With the support of your job expert/job coach, have you increased your knowledge of the labour market?",
            "Har du med stöd av din jobbexpert/jobbcoach ökat din kunskap om arbetsmarknaden?",
        ),
        "ar": (
            "هل زادت معرفتك بسوق العمل بدعم من خبير العمل أو مدرب العمل الخاص بك؟",
            "Har din kunskap om arbetsmarknaden ökat med stöd av din jobbexpert eller jobbcoach?",
        ),
        "fa-af": (
            "آیا با کمک متخصص کار/مربی کار خود، دانش تان در بارهٔ بازار کار بیشتر شده است؟",
            "Har din kunskap om arbetsmarknaden ökat med stöd av din jobbexpert/jobbcoach?",
        ),
        "so": (
            "Adiga oo taageero ka helaya khabiirkaaga shaqada/tababarahaaga shaqada, ma kordhisay "
            "aqoontaada ku saabsan suuqa shaqada?",
            "Har du, med stöd från din jobbexpert/jobbcoach, ökat din kunskap om arbetsmarknaden?",
        ),
        "ti": (
            "ብሓገዝ ክኢላ ስራሕኩም/ኣሰልጣኒ ስራሕኩም፡ ብዛዕባ ዕዳጋ ስራሕ ዘለኩም ፍልጠት ወሲኹ ዶ?",
            "Har er kunskap om arbetsmarknaden ökat med stöd av er jobbexpert/jobbcoach?",
        ),
        "uk": (
            "Чи розширили ви з підтримкою свого фахівця з працевлаштування/коуча свої знання про ринок праці?",
            "Har du med stöd av din jobbexpert/jobbcoach utökat dina kunskaper om arbetsmarknaden?",
        ),
    },
    "q10": {
        "en": (
            "With the support of your job expert/job coach, have you become better at looking for work?",
            "Har du med stöd av din jobbexpert/jobbcoach blivit bättre på att söka arbete?",
        ),
        "ar": (
            "هل أصبحت أفضل في البحث عن عمل بدعم من خبير العمل أو مدرب العمل الخاص بك؟",
            "Har du blivit bättre på att söka arbete med stöd av din jobbexpert eller jobbcoach?",
        ),
        "fa-af": (
            "آیا با کمک متخصص کار/مربی کار خود، در جستجوی کار بهتر شده‌اید؟",
            "Har du med stöd av din jobbexpert/jobbcoach blivit bättre på att söka arbete?",
        ),
        "so": (
            "Adiga oo taageero ka helaya khabiirkaaga shaqada/tababarahaaga shaqada, ma ka sii fiicnaatay "
            "xagga shaqo raadinta?",
            "Har du, med stöd från din jobbexpert/jobbcoach, blivit bättre på att söka arbete?",
        ),
        "ti": (
            "ብሓገዝ ክኢላ ስራሕኩም/ኣሰልጣኒ ስራሕኩም፡ ስራሕ ኣብ ምድላይ ዝሓሸ ኮይንኩም ዶ?",
            "Har ni med stöd av er jobbexpert/jobbcoach blivit bättre på att söka arbete?",
        ),
        "uk": (
            "Чи навчилися ви краще шукати роботу з підтримкою свого фахівця з працевлаштування/коуча?",
            "Har du med stöd av din jobbexpert/jobbcoach lärt dig att söka arbete bättre?",
        ),
    },
    "q11": {
        "en": (
            "Has the support from your job expert/job coach mattered for your development?",
            "Har stödet från din jobbexpert/jobbcoach haft betydelse för din utveckling?",
        ),
        "ar": (
            "هل كان للدعم الذي حصلت عليه من خبير العمل أو مدرب العمل الخاص بك أثر في تطورك؟",
            "Har stödet du fått av din jobbexpert eller jobbcoach haft inverkan på din utveckling?",
        ),
        "fa-af": (
            "آیا کمک متخصص کار/مربی کار تان در پیشرفت شما اثر داشته است؟",
            "Har stödet från din jobbexpert/jobbcoach haft inverkan på din utveckling?",
        ),
        "so": (
            "Taageerada khabiirkaaga shaqada/tababarahaaga shaqada ma saamayn ku yeelatay horumarkaaga?",
            "Har stödet från din jobbexpert/jobbcoach haft inverkan på din utveckling?",
        ),
        "ti": (
            "ሓገዝ ክኢላ ስራሕኩም/ኣሰልጣኒ ስራሕኩም ንምዕባለኹም ኣገዳሲ ነይሩ ዶ?",
            "Har stödet från er jobbexpert/jobbcoach varit viktigt för er utveckling?",
        ),
        "uk": (
            "Чи вплинула підтримка вашого фахівця з працевлаштування/коуча на ваш розвиток?",
            "Har stödet från din jobbexpert/jobbcoach påverkat din utveckling?",
        ),
    },
}


def roll_out(apps, schema_editor):
    Question = apps.get_model("enkat", "Question")
    QuestionText = apps.get_model("enkat", "QuestionText")
    SurveyQuestion = apps.get_model("enkat", "SurveyQuestion")
    for code, corrected in TEXTS.items():
        question = Question.objects.select_for_update().filter(code=code).first()
        if question is None:
            continue  # not in this database's bank
        rows = {t.language: t for t in QuestionText.objects.filter(question=question, version=question.current_version)}
        current = {language: row.text for language, row in rows.items() if row.text}
        merged = {**current, **{language: text for language, (text, _back) in corrected.items()}}
        backs = {language: back for language, (_text, back) in corrected.items()}
        if merged == current:
            for language, row in rows.items():
                if language in backs and not row.back_translation:
                    row.back_translation = backs[language]
                    row.save(update_fields=["back_translation"])
            continue
        latest = QuestionText.objects.filter(question=question).order_by("-version").first()
        number = (latest.version if latest else 0) + 1
        QuestionText.objects.bulk_create(
            QuestionText(
                question=question,
                version=number,
                language=language,
                text=text,
                back_translation="" if language == "sv" else backs.get(language, ""),
            )
            for language, text in merged.items()
        )
        # As new_text_version: rows without a pin outside drafts keep what they showed; drafts follow.
        SurveyQuestion.objects.filter(question=question, text_version__isnull=True).exclude(
            survey__state="draft"
        ).update(text_version=question.current_version)
        SurveyQuestion.objects.filter(question=question, survey__state="draft").update(text_version=None)
        question.current_version = number
        question.save(update_fields=["current_version"])


class Migration(migrations.Migration):
    dependencies = [("enkat", "0010_questiontext_back_translation")]

    operations = [migrations.RunPython(roll_out, migrations.RunPython.noop)]
