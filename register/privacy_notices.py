# ruff: noqa: E501 - prose: one paragraph per line, as the notice is shown
"""The privacy notice shipped with the product, in the survey's seven languages.

Shown on the survey's privacy page until the quality developer writes the municipality's
own text (Organisation.privacy_notice_<language>). Plain text: paragraphs separated by a
blank line, a line starting with "# " is a heading. {municipality} and {retention_days}
are filled in when the notice is shown.

The Swedish and English texts are the originals, the Arabic one a careful translation.
NATIVE REVIEW NEEDED: the Somali (so), Tigrinya (ti), Dari (fa-af) and Ukrainian (uk)
texts must be checked by a native speaker before a municipality relies on them.
"""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

DEFAULT_NOTICES: dict[str, str] = {
    "sv": """\
# Vem ansvarar för dina uppgifter?
{municipality} är personuppgiftsansvarig för den här kundenkäten. Enkäten är en del av kommunens uppföljning av arbetsmarknadsinsatser som kunder väljer anordnare till (kundval).

# Varför behandlar vi uppgifterna?
Kommunen vill veta vad du tycker om stödet du har fått, för att kunna följa upp och förbättra insatserna och anordnarna. Det är en uppgift av allmänt intresse som kommunen har. Det är frivilligt att svara, och du kan hoppa över frågor du inte vill svara på.

# Vad sparas, och hur länge?
För att kunna skicka länken till dig använder vi ditt mobilnummer eller din e-postadress från kommunens register över insatser. De raderas {retention_days} dagar efter att enkäten har stängt.
Dina svar sparas utan ditt namn, ditt telefonnummer, din e-postadress och din länk. Med svaren sparas bara grupp: kön, åldersgrupp, insats, anordnare, om insatsen pågår och språk. Resultat visas bara för grupper med tillräckligt många svar, så att ingen enskild person kan pekas ut. Skriv inte ditt namn eller något annat som visar vem du är i kommentaren.

# Dina rättigheter
Du har rätt att få veta vilka uppgifter kommunen har om dig, att få felaktiga uppgifter rättade, att i vissa fall få uppgifter raderade eller begränsade och att invända mot behandlingen. Eftersom dina svar sparas utan koppling till dig kan ingen, inte heller kommunen, ta fram, ändra eller radera ett enskilt svar i efterhand. Vill du inte ha fler påminnelser kan du stoppa dem på enkätens sidor.
Om du tycker att kommunen behandlar dina uppgifter fel kan du klaga hos Integritetsskyddsmyndigheten (IMY), www.imy.se.

# Kontakt
Har du frågor om enkäten eller om hur dina uppgifter behandlas, kontakta {municipality}. Kommunen har också ett dataskyddsombud som du når genom kommunen.""",
    "en": """\
# Who is responsible for your data?
{municipality} is the controller of your personal data in this customer survey. The survey is part of the municipality's follow-up of labour-market programmes where customers choose their provider.

# Why do we process the data?
The municipality wants to know what you think of the support you have had, so that it can follow up and improve the programmes and the providers. This is a task in the public interest that the municipality carries out. Answering is voluntary, and you can skip any question you do not want to answer.

# What is kept, and for how long?
To send you the link, we use your mobile number or e-mail address from the municipality's register of programmes. They are erased {retention_days} days after the survey closes.
Your answers are stored without your name, your phone number, your e-mail address and your link. Only your group is stored with them: gender, age group, programme, provider, whether the programme is ongoing, and language. Results are only shown for groups with enough answers, so that no single person can be singled out. Please do not write your name or anything else that shows who you are in the comment.

# Your rights
You have the right to know what data the municipality holds about you, to have wrong data corrected, in some cases to have data erased or restricted, and to object to the processing. Because your answers are stored without any link to you, no one, not even the municipality, can find, change or delete a single answer afterwards. If you do not want any more reminders, you can stop them on the survey's pages.
If you think the municipality handles your data wrongly, you can complain to the Swedish Authority for Privacy Protection (IMY), www.imy.se.

# Contact
If you have questions about the survey or about how your data are handled, contact {municipality}. The municipality also has a data protection officer, whom you can reach through the municipality.""",
    "ar": """\
# من المسؤول عن بياناتك؟
{municipality} هي الجهة المسؤولة عن بياناتك الشخصية في استبيان العملاء هذا. الاستبيان جزء من متابعة البلدية لبرامج سوق العمل التي يختار فيها العملاء الجهة المقدِّمة للخدمة.

# لماذا نعالج البيانات؟
تريد البلدية أن تعرف رأيك في الدعم الذي حصلت عليه، لكي تتابع البرامج والجهات المقدِّمة وتحسّنها. هذه مهمة تقوم بها البلدية للمصلحة العامة. الإجابة طوعية، ويمكنك تخطي أي سؤال لا تريد الإجابة عنه.

# ما الذي يُحفظ، وإلى متى؟
لكي نرسل إليك الرابط نستخدم رقم هاتفك المحمول أو بريدك الإلكتروني من سجل البلدية للبرامج. يُحذفان بعد {retention_days} يومًا من إغلاق الاستبيان.
تُحفظ إجاباتك بدون اسمك ورقم هاتفك وبريدك الإلكتروني ورابطك. لا يُحفظ معها إلا مجموعتك: الجنس، الفئة العمرية، البرنامج، الجهة المقدِّمة، هل البرنامج مستمر، واللغة. لا تُعرض النتائج إلا للمجموعات التي فيها عدد كافٍ من الإجابات، حتى لا يمكن التعرف على أي شخص. من فضلك لا تكتب اسمك أو أي شيء يدل على هويتك في التعليق.

# حقوقك
لك الحق في أن تعرف ما هي البيانات التي تحتفظ بها البلدية عنك، وأن تُصحَّح البيانات الخاطئة، وفي بعض الحالات أن تُحذف البيانات أو يُقيَّد استخدامها، وأن تعترض على معالجتها. لأن إجاباتك تُحفظ بدون أي صلة بك، لا يستطيع أحد، ولا البلدية نفسها، أن يجد إجابة واحدة أو يغيّرها أو يحذفها بعد ذلك. إذا كنت لا تريد المزيد من التذكيرات، يمكنك إيقافها في صفحات الاستبيان.
إذا كنت ترى أن البلدية تعالج بياناتك بشكل خاطئ، يمكنك تقديم شكوى إلى هيئة حماية الخصوصية السويدية (IMY)، www.imy.se.

# التواصل
إذا كانت لديك أسئلة عن الاستبيان أو عن طريقة معالجة بياناتك، تواصل مع {municipality}. لدى البلدية أيضًا مسؤول حماية بيانات يمكنك الوصول إليه عن طريق البلدية.""",
    "fa-af": """\
# مسئول معلومات شما کیست؟
{municipality} مسئول معلومات شخصی شما در این نظرسنجی مشتریان است. این نظرسنجی بخشی از پیگیری شاروالی از برنامه‌های بازار کار است که در آن مشتریان ارائه‌دهنده را خودشان انتخاب می‌کنند.

# چرا معلومات را پردازش می‌کنیم؟
شاروالی می‌خواهد بداند نظر شما در مورد کمکی که گرفته‌اید چیست، تا بتواند برنامه‌ها و ارائه‌دهندگان را پیگیری و بهتر کند. این وظیفه‌ای به نفع عامه است که شاروالی انجام می‌دهد. جواب دادن اختیاری است و می‌توانید از هر سوالی که نمی‌خواهید جواب بدهید بگذرید.

# چه چیزی نگهداری می‌شود و تا چه وقت؟
برای فرستادن لینک، شمارهٔ موبایل یا ایمیل شما را از ثبت برنامه‌های شاروالی استفاده می‌کنیم. این‌ها {retention_days} روز بعد از بسته شدن نظرسنجی پاک می‌شوند.
جواب‌های شما بدون نام، شمارهٔ تلفن، ایمیل و لینک شما نگهداری می‌شوند. همراه جواب‌ها فقط گروه شما نگهداری می‌شود: جنسیت، گروه سنی، برنامه، ارائه‌دهنده، اینکه برنامه ادامه دارد یا نه، و زبان. نتایج فقط برای گروه‌هایی نشان داده می‌شود که جواب‌های کافی دارند، تا هیچ کس به تنهایی شناخته نشود. لطفاً نام خود یا چیزی را که نشان می‌دهد شما کی هستید در نظر خود ننویسید.

# حقوق شما
شما حق دارید بدانید شاروالی چه معلوماتی در بارهٔ شما دارد، معلومات نادرست را اصلاح کنید، در بعضی حالات معلومات را پاک یا محدود کنید، و به پردازش اعتراض کنید. چون جواب‌های شما بدون هیچ ارتباطی با شما نگهداری می‌شوند، هیچ کس، حتی شاروالی، نمی‌تواند بعداً یک جواب را پیدا، تغییر یا پاک کند. اگر یادآوری بیشتر نمی‌خواهید، می‌توانید آن را در صفحات نظرسنجی متوقف کنید.
اگر فکر می‌کنید شاروالی با معلومات شما درست رفتار نمی‌کند، می‌توانید به ادارهٔ حفاظت از حریم خصوصی سویدن (IMY)، www.imy.se شکایت کنید.

# تماس
اگر در بارهٔ نظرسنجی یا نحوهٔ پردازش معلومات خود سوالی دارید، با {municipality} تماس بگیرید. شاروالی یک مسئول حفاظت از معلومات هم دارد که از طریق شاروالی با او تماس گرفته می‌توانید.""",
    "so": """\
# Yaa mas'uul ka ah xogtaada?
{municipality} ayaa mas'uul ka ah xogtaada shakhsiyeed ee sahankan macaamiisha. Sahanku wuxuu qayb ka yahay la-socodka degmadu ku samayso barnaamijyada suuqa shaqada ee macaamiishu ay iyagu doortaan bixiyaha.

# Maxaan xogta u isticmaalnaa?
Degmadu waxay rabtaa inay ogaato waxaad ka qabto taageerada aad heshay, si ay ula socoto oo u hagaajiso barnaamijyada iyo bixiyeyaasha. Tani waa hawl danta guud ah oo degmadu qabato. Ka jawaabiddu waa ikhtiyaari, waadna ka boodi kartaa su'aal kasta oo aadan rabin inaad ka jawaabto.

# Maxaa la kaydiyaa, muddo intee le'eg?
Si aan linkiga kuugu soo dirno, waxaan isticmaalnaa lambarka taleefankaaga gacanta ama ciwaanka iimaylkaaga ee ku jira diiwaanka barnaamijyada ee degmada. Waa la tirtiraa {retention_days} maalmood kadib marka sahanku xirmo.
Jawaabahaaga waxaa lagu kaydiyaa iyadoo aan lahayn magacaaga, lambarka taleefankaaga, iimaylkaaga iyo linkigaaga. Kooxdaada oo keliya ayaa lala kaydiyaa: jinsiga, kooxda da'da, barnaamijka, bixiyaha, in barnaamijku socdo iyo luqadda. Natiijooyinka waxaa keliya oo la muujiyaa kooxaha leh jawaabo ku filan, si aan qof keliya loo aqoonsan. Fadlan ha ku qorin faallada magacaaga ama wax kale oo muujinaya cidda aad tahay.

# Xuquuqdaada
Waxaad xaq u leedahay inaad ogaato xogta degmadu kaa hayso, in xogta khaldan la saxo, mararka qaarkood in xogta la tirtiro ama la xaddido, iyo inaad ka soo horjeesato isticmaalka. Maadaama jawaabahaaga lagu kaydiyo iyadoo aan lagula xiriirin, qofna, xitaa degmadu, ma heli karo, ma beddeli karo, mana tirtiri karo jawaab keliya kadib. Haddii aadan rabin xusuusin dambe, waxaad ku joojin kartaa bogagga sahanka.
Haddii aad u malaynayso in degmadu si khaldan u maamusho xogtaada, waxaad cabasho u gudbin kartaa Hay'adda Iswiidhan ee Ilaalinta Sirta (IMY), www.imy.se.

# La xiriir
Haddii aad su'aalo ka qabto sahanka ama sida xogtaada loo maamulo, la xiriir {municipality}. Degmadu waxay sidoo kale leedahay sarkaal ilaalinta xogta oo aad kala xiriiri karto degmada.""",
    "ti": """\
# ብዛዕባ ሓበሬታኻ መን እዩ ሓላፍነት ዘለዎ?
{municipality} ኣብዚ መጠይቕ ዓማዊል ንውልቃዊ ሓበሬታኻ ሓላፍነት ዘለዎ እዩ። እዚ መጠይቕ ኣካል ናይቲ ምምሕዳር ከተማ ንመደባት ዕዳጋ ስራሕ ዝገብሮ ክትትል እዩ፣ ኣብኡ ዓማዊል ባዕሎም ነቲ ሃቢ ኣገልግሎት ይመርጹ።

# ስለምንታይ ሓበሬታ ንጥቀመሉ?
ምምሕዳር ከተማ ብዛዕባቲ ዝረኸብካዮ ሓገዝ እንታይ ከም እትሓስብ ክፈልጥ ይደሊ፣ ነቶም መደባትን ሃብቲ ኣገልግሎትን ንምክትታልን ንምምሕያሽን። እዚ ምምሕዳር ከተማ ንረብሓ ህዝቢ ዝፍጽሞ ዕማም እዩ። ምምላስ ብፍቓድካ እዩ፣ ክትምልሶ ዘይደለኻዮ ሕቶ ክትሓልፎ ትኽእል።

# እንታይ ይዕቀብ፣ ክሳብ መዓስ?
ነቲ ሊንክ ክንሰደልካ፣ ቁጽሪ ሞባይልካ ወይ ኢመይልካ ካብቲ መዝገብ መደባት ምምሕዳር ከተማ ንጥቀም። እዚኣቶም መጠይቕ ምስ ተዓጽወ ድሕሪ {retention_days} መዓልቲ ይድምሰሱ።
መልስታትካ ብዘይ ስምካ፣ ቁጽሪ ተሌፎንካ፣ ኢመይልካን ሊንክካን ይዕቀቡ። ምስ መልስታት ጉጅለኻ ጥራይ ይዕቀብ፦ ጾታ፣ ጉጅለ ዕድመ፣ መደብ፣ ሃቢ ኣገልግሎት፣ መደብ ይቕጽል ድዩ ኣይቕጽልን፣ ቋንቋን። ውጽኢት ዝርኣ ንኹሉ ብቑዕ መልሲ ዘለዎም ጉጅለታት ጥራይ እዩ፣ ሓደ ሰብ ከይልለ። በጃኻ ኣብቲ ርእይቶ ስምካ ወይ ካልእ መንነትካ ዘርኢ ነገር ኣይትጽሓፍ።

# መሰላትካ
ምምሕዳር ከተማ ብዛዕባኻ እንታይ ሓበሬታ ከም ዘለዎ ክትፈልጥ፣ ጌጋ ሓበሬታ ክእረም፣ ኣብ ገለ ኩነታት ሓበሬታ ክድምሰስ ወይ ክድረት፣ ከምኡ’ውን ኣንጻር እቲ ኣጠቓቕማ ክትቃወም መሰል ኣለካ። መልስታትካ ምሳኻ ብዘይ ዝኾነ ርክብ ስለ ዝዕቀቡ፣ ዝኾነ ሰብ፣ ምምሕዳር ከተማ እውን እንተኾነ፣ ድሕሪኡ ሓደ መልሲ ክረክብ፣ ክቕይር ወይ ክድምስስ ኣይክእልን። ተወሳኺ መዘኻኸሪ እንተ ዘይደሊኻ፣ ኣብ ገጻት መጠይቕ ደው ከተብሎ ትኽእል።
ምምሕዳር ከተማ ሓበሬታኻ ብጌጋ ይሕዞ ኣሎ ኢልካ እንተ ሓሲብካ፣ ናብ ናይ ሽወደን በዓል መዚ ሓለዋ ብሕትውና (IMY)፣ www.imy.se ክትከስስ ትኽእል።

# ርክብ
ብዛዕባ እቲ መጠይቕ ወይ ሓበሬታኻ ብኸመይ ከም ዝተሓዘ ሕቶ እንተ ኣሎካ፣ ምስ {municipality} ተራኸብ። ምምሕዳር ከተማ ብኣቢሉ ክትረኽቦ እትኽእል ሓላፊ ሓለዋ ሓበሬታ እውን ኣለዎ።""",
    "uk": """\
# Хто відповідає за ваші дані?
{municipality} є контролером ваших персональних даних у цьому опитуванні клієнтів. Опитування є частиною того, як муніципалітет стежить за програмами на ринку праці, у яких клієнти самі обирають постачальника послуг.

# Навіщо ми обробляємо дані?
Муніципалітет хоче знати, що ви думаєте про підтримку, яку отримали, щоб стежити за програмами й постачальниками та покращувати їх. Це завдання в суспільних інтересах, яке виконує муніципалітет. Відповідати добровільно, і ви можете пропустити будь-яке запитання, на яке не хочете відповідати.

# Що зберігається і як довго?
Щоб надіслати вам посилання, ми використовуємо ваш номер мобільного телефону або адресу електронної пошти з реєстру програм муніципалітету. Вони видаляються через {retention_days} днів після закриття опитування.
Ваші відповіді зберігаються без вашого імені, номера телефону, адреси електронної пошти та посилання. Разом із ними зберігається лише ваша група: стать, вікова група, програма, постачальник, чи програма триває, і мова. Результати показуються лише для груп, де достатньо відповідей, щоб нікого не можна було впізнати. Будь ласка, не пишіть у коментарі своє ім’я чи щось інше, що показує, хто ви.

# Ваші права
Ви маєте право знати, які дані про вас має муніципалітет, виправити неправильні дані, у деяких випадках вимагати видалення або обмеження даних, а також заперечити проти обробки. Оскільки ваші відповіді зберігаються без жодного зв’язку з вами, ніхто, навіть муніципалітет, не може згодом знайти, змінити чи видалити окрему відповідь. Якщо ви не хочете отримувати нагадування, ви можете зупинити їх на сторінках опитування.
Якщо ви вважаєте, що муніципалітет обробляє ваші дані неправильно, ви можете поскаржитися до Шведського органу із захисту приватності (IMY), www.imy.se.

# Контакти
Якщо у вас є запитання про опитування або про те, як обробляються ваші дані, зверніться до {municipality}. Муніципалітет також має відповідального за захист даних, з яким можна зв’язатися через муніципалітет.""",
}


def default_notice(language: str) -> str:
    return DEFAULT_NOTICES.get(language) or DEFAULT_NOTICES["sv"]


def notice_html(text: str) -> SafeString:
    """The notice as HTML: a line starting with "# " is a heading, every other line a paragraph."""
    parts = []
    for line in text.replace("\r\n", "\n").split("\n"):
        line = line.strip()
        if line.startswith("# "):
            parts.append("<h2>" + escape(line[2:].strip()) + "</h2>")
        elif line:
            parts.append("<p>" + escape(line) + "</p>")
    return mark_safe("\n".join(parts))  # noqa: S308 - every line is escaped
