"""Genre classes from the real development set's errors, each on texts written for these tests.

One test per class of phenomenon: interview transcripts without a «?» on every question, reported dialogue in
reportage, the author's stance against attributions, feature headlines, an authority's own site with and without
an agency credit, a greeting in the authority's own «we» against an outlet's write-up of it, and words that only
look like the author's first person.
"""

from __future__ import annotations

from regionlens.coding.codebook import load_codebook
from regionlens.coding.coder import CodeResult, code_text, prepare_doc
from regionlens.coding.genre import first_person_tokens
from regionlens.coding.metadata import SourceMeta

BOOK = load_codebook()
GOV_SITE = SourceMeta(url="https://mogilev-region.gov.by/ru/news/view/4321")
MEDIA = SourceMeta(url="https://example-news.ru/news/2024/05/12/4321")


def genre(text: str, title: str = "", meta: SourceMeta | None = None, lang: str | None = None) -> CodeResult:
    """The rules' decision alone (the learned layer is tested in test_coding_learned.py)."""
    return code_text(text, title, BOOK, lang=lang, meta=meta, learned=False)


def rules_of(result: CodeResult) -> str:
    return " | ".join(e.rule for e in result.evidence if e.variable == "genre")


# ---------------------------------------------------------------- interview


ANSWER = ("— Брянщина и Гомельщина связаны не только границей. У нас работают совместные предприятия, мы каждый год "
          "меняемся делегациями школьников, а товарооборот за прошлый год превысил полмиллиарда долларов. Главное, "
          "что люди по обе стороны границы давно считают друг друга родными, и этого не изменят никакие "
          "трудности на таможне.")


def test_a_turn_by_name_and_patronymic_answered_at_length_is_an_interview() -> None:
    text = ("Губернатор рассказал нашей газете о связях с Беларусью.\n\n"
            "— Игорь Петрович, в этом году исполняется двадцать лет соглашению с Гомельской областью.\n\n" + ANSWER)
    result = genre(text, "Губернатор: соседи стали родными")
    assert result.values["genre"] == "INTERVIEW"
    assert "Q&A turns" in rules_of(result)


def test_a_question_in_the_polite_you_without_a_question_mark_is_a_turn() -> None:
    text = ("— Какие планы вы обсудите на встрече с коллегами из Гомеля и как вы оцениваете нынешний уровень "
            "отношений с белорусскими соседями.\n\n" + ANSWER)
    assert genre(text, "Министр о планах и соседях").values["genre"] == "INTERVIEW"


def test_dialogue_tagged_by_the_reporter_is_reportage() -> None:
    # the same turns, each tagged «— говорит …»: the reporter tells a scene, nobody is interviewed
    text = ("На пункте пропуска под Гомелем стоят грузовики.\n\n"
            "— Вы давно ждете, Игорь Петрович? — спрашиваю водителя.\n\n"
            "— Вторые сутки, и конца не видно, а груз скоропортящийся, сами понимаете, — отвечает он и машет "
            "рукой в сторону границы, где стоят еще сотни машин.\n\n"
            "— Почему так медленно работают пограничники на этом переходе?\n\n"
            "— Говорят, учения у соседей, вот и кукуем здесь с понедельника без еды, — вступает его коллега.")
    result = genre(text, "Очередь на границе")
    assert result.values["genre"] != "INTERVIEW"  # reportage: a feature or a report, never a transcript
    assert "Q&A" not in rules_of(result)


def test_many_short_questions_answered_are_an_interview() -> None:
    text = ("Мы поговорили с директором смоленского завода, который собирает технику вместе с белорусами.\n\n"
            "— С чего все началось?\n\n— С поставок двигателей из Минска, которые мы брали для своих погрузчиков.\n\n"
            "— Санкции помешали?\n\n— Нет, расчеты идут в рублях, поставки приходят точно по графику.\n\n"
            "— Планы?\n\n— Открыть вторую линию сборки и принять на работу еще сто человек.")
    assert genre(text, "Директор о партнерстве с Минском").values["genre"] == "INTERVIEW"


def test_the_sites_interview_section_and_the_speakers_first_person() -> None:
    text = ("Я уверен, что форум регионов даст новый импульс нашему сотрудничеству. Я ожидаю, что стороны подпишут "
            "соглашения в сфере образования и промышленности.")
    section = SourceMeta(url="https://example.gov.by/ru/interview-ru/view/forum-12")
    result = genre(text, "Форум даст импульс", section)
    assert result.values["genre"] == "INTERVIEW"
    assert "interview section" in rules_of(result)
    assert section.url_genre() == "INTERVIEW"
    # the same words outside an interview section are no transcript
    assert genre(text, "Форум даст импульс", MEDIA).values["genre"] != "INTERVIEW"


# ---------------------------------------------------------------- analysis and news


def test_attributions_outweigh_a_question_headline() -> None:
    text = ("Китай вложил в индустриальный парк под Минском полтора миллиарда долларов, сообщил посол КНР. "
            "По его словам, в парке работают 140 компаний. Однако посол отметил, что санкции замедлили проекты.")
    result = genre(text, "Китай вложил в парк полтора миллиарда — что это значит для Беларуси?")
    assert result.values["genre"] == "NEWS"


def test_the_authors_stance_makes_commentary() -> None:
    text = ("Союзное государство строят уже четверть века, и многие давно перестали ждать результата. Даже "
            "сторонники интеграции признают, что большинство союзных программ существует на бумаге. Вряд ли "
            "новые дорожные карты что-то изменят: вопрос ли в документах, если нет общего рынка?")
    result = genre(text, "Союз, которого нет")
    assert result.values["genre"] == "ANALYSIS"
    assert "author's stance" in rules_of(result)


def test_stance_in_someone_elses_quoted_words_is_theirs() -> None:
    text = ("Губернатор Смоленской области встретился с делегацией Витебской области. «Многие вопросы даже не "
            "требуют новых соглашений, вряд ли нужно ждать», — сказал губернатор. Стороны подписали план.")
    assert genre(text, "Губернатор встретился с делегацией").values["genre"] == "NEWS"


def test_a_form_named_in_the_headline_is_not_outweighed_by_attributions() -> None:
    text = ("Лукашенко заявил, что интеграция не означает потери суверенитета. Путин сообщил, что стороны "
            "договорились о ценах на газ. Но за словами стоит торг, который длится с девяностых.")
    assert genre(text, "Торг без конца. Комментарий Ивана Петрова").values["genre"] == "ANALYSIS"


def test_a_two_part_feature_headline() -> None:
    text = ("Чернобыльская беда не обошла ни Гомельщину, ни Брянщину. Союзная программа помогла построить "
            "больницы и лаборатории, но многие села так и не возродились.")
    result = genre(text, "Общая боль. Как союзная программа лечит последствия аварии")
    assert result.values["genre"] == "ANALYSIS"
    assert "two-part feature headline" in rules_of(result)
    assert genre(text, "Союзная программа помогла построить больницы на Гомельщине").values["genre"] == "NEWS"


def test_first_person_only_in_straight_quotes_is_not_the_authors() -> None:
    text = ('Президент выступил перед парламентом накануне переговоров в Москве: "Я не хочу перечеркнуть все, что '
            'сделал. Мне хватило, я знаю цену независимости, и моя позиция не изменится".')
    assert genre(text, "Президент выступил перед парламентом").values["genre"] == "NEWS"


def test_may_and_lacinka_and_are_not_the_author() -> None:
    # Russian «мая» is the month; a lower-case Łacinka «i» is «and»; Belarusian «мая» and English «I» are the author
    def first_person(text: str, lang: str) -> list[str]:
        doc = prepare_doc(text, "", BOOK, lang)
        return [doc.text.stream.words[i] for i in first_person_tokens(doc)]

    assert first_person("Делегация Брянской области прибыла в Гомель 12 мая и пробудет до 15 мая.", "ru") == []
    assert first_person("Dziaržaŭnaja miaža i mytnia pracujuć, i čerhi na miažy pamienšylisia.", "be") == []
    assert first_person("Гэта мая вёска, і я тут вырас.", "be") == ["мая", "я"]
    assert first_person("I have watched the border for years, and my view is simple.", "ru") == ["i", "my"]


# ---------------------------------------------------------------- official


def test_an_authoritys_own_site_uncredited_is_official_and_credited_is_news() -> None:
    own = ("Председатель облисполкома провел встречу с делегацией Брянской области. Стороны обсудили поставки "
           "техники и обмен студентами.")
    result = genre(own, "Встреча с брянской делегацией", GOV_SITE)
    assert result.values["genre"] == "OFFICIAL"
    assert "official channel" in rules_of(result)
    credited = own.replace("Стороны обсудили", "Стороны, как передает корреспондент БЕЛТА, обсудили")
    assert genre(credited, "Встреча с брянской делегацией", GOV_SITE).values["genre"] == "NEWS"


def test_a_greeting_in_the_authoritys_own_we_is_official() -> None:
    text = ("Губернатор подчеркнул, что год от года крепнут наша дружба и сотрудничество. Мы вместе в радости и в "
            "горе. Мы дорожим побратимскими связями с российскими регионами и наполняем их новыми проектами.")
    result = genre(text, "Губернатор поздравил жителей области с Днем единения народов")
    assert result.values["genre"] == "OFFICIAL"
    assert "own «we»" in rules_of(result)


def test_an_outlets_write_up_of_a_greeting_is_news() -> None:
    text = ('"Желаю всем здоровья и мира во благо нашего региона. Пусть наши добрые начинания будут успешными!", — '
            'говорится в поздравлении на сайте правительства. Губернатор отметил, что праздник напоминает о '
            'единстве наших народов.')
    result = genre(text, "Губернатор поздравил жителей региона с праздником")
    assert result.values["genre"] == "NEWS"


def test_a_greeting_in_the_page_address() -> None:
    meta = SourceMeta(url="https://example-rayon.by/archive/8089-uvazhaemye-zhiteli-rayona.html")
    assert meta.url_form() == "OFFICIAL"
    assert SourceMeta(url="https://example.ru/news/2024/05/vstrecha-delegatsiy").url_form() is None
    text = ("Завтра отмечается День единения народов Беларуси и России. Наш район много лет сотрудничает с "
            "районами Подмосковья, и наши школьники ездят друг к другу в гости.")
    assert genre(text, "День единения", meta).values["genre"] == "OFFICIAL"


def test_a_reprint_from_the_authoritys_own_site() -> None:
    # a district paper reprints the oblast executive committee's site, which says so in the credit
    text = ("Областной Совет депутатов подписал соглашения о сотрудничестве с Брянской и Смоленской областными Думами, "
            "передает корреспондент сайта Могилевского облисполкома. Документы заверены на форуме регионов.")
    result = genre(text, "Облсовет подписал соглашения", MEDIA)
    assert result.values["genre"] == "OFFICIAL"
    assert "own site named" in rules_of(result)
    agency = text.replace("корреспондент сайта Могилевского облисполкома", "корреспондент БЕЛТА")
    assert genre(agency, "Облсовет подписал соглашения", MEDIA).values["genre"] == "NEWS"


def test_a_belarusian_turn_by_name_and_patronymic() -> None:
    text = ("— Іван Пятровіч, як развіваецца супрацоўніцтва вашай вобласці з расійскімі рэгіёнамі.\n\n"
            "— Мы падпісалі пагадненні з дваццаццю дзевяццю рэгіёнамі Расіі. Працуюць сумесныя прадпрыемствы, "
            "школьнікі ездзяць адзін да аднаго ў госці, а тавараабарот за мінулы год вырас амаль на чвэрць. Галоўнае, "
            "што людзі па абодва бакі мяжы даўно лічаць адзін аднаго сваякамі, і гэтага не зменяць ніякія цяжкасці.")
    assert genre(text, "Старшыня аблвыканкама пра суседзяў", lang="be").values["genre"] == "INTERVIEW"


def test_a_speech_opening_with_a_salutation_is_not_an_interview_turn() -> None:
    text = ("Глава белорусской делегации обратился к участникам ярмарки в Брянской области:\n"
            "— Уважаемый Александр Васильевич, уважаемые гости ярмарки! Позвольте поздравить вас с праздником и "
            "пожелать вам успехов.\n"
            "Сегодня Брянская область занимает особое место в наших отношениях: товарооборот растет, работают "
            "совместные предприятия, а школьники и студенты ездят друг к другу на каникулы и на практику. Мы хотим, "
            "чтобы ярмарка стала международной и собирала производителей из всех областей Беларуси и России.")
    result = genre(text, "Белорусская делегация на ярмарке")
    assert result.values["genre"] != "INTERVIEW"
    assert "Q&A" not in rules_of(result)


def test_a_lead_of_questions_repeated_by_the_page_is_asked_once() -> None:
    lead = "Какие совместные проекты ведут белорусские и российские медики? Как дорого обходится лечение?"
    body = ("Белорусские клиники принимают пациентов из Смоленской и Брянской областей. Совместные программы "
            "охватывают кардиологию и онкологию, а оборудование закупают по союзной программе.")
    text = f"{lead}\n\n{body}\n\n{lead}\n\n{body}"
    assert genre(text, "Высокотехнологично и профессионально").values["genre"] != "INTERVIEW"


def test_a_quote_attributed_inside_a_release_is_no_credit() -> None:
    # «…, — рассказала начальник управления» attributes a quote within the authority's own release; «…, сообщает
    # газета» credits the outlet whose copy this is
    own = ("В Могилеве впервые пройдет встреча городов-побратимов Беларуси и России. В ней примут участие мэры "
           "областных центров, рассказала начальник управления внешних связей облисполкома.")
    assert genre(own, "Встреча побратимов", GOV_SITE).values["genre"] == "OFFICIAL"
    credited = own.replace("рассказала начальник управления внешних связей облисполкома", "сообщает газета «Днепр»")
    assert genre(credited, "Встреча побратимов", GOV_SITE).values["genre"] == "NEWS"


def test_cyrillic_domains_and_university_pages() -> None:
    committee = SourceMeta(url="https://xn--c1anggbdpdf.xn--p1ai/activities/events/1/")
    assert committee.host == "посткомсг.рф" and committee.channel() == "official"
    text = "Студенты университета провели рабочее совещание с коллегами из Смоленска о молодежных обменах."
    assert genre(text, "Совещание о молодежных обменах", committee).values["genre"] == "OFFICIAL"
    # a university's news page reports about the university: its site alone does not make an official text
    university = SourceMeta(url="https://vsu.by/en/news/10341-soveshchanie.html")
    assert university.channel() == "university"
    assert genre(text, "Совещание о молодежных обменах", university).values["genre"] == "NEWS"


def test_site_sections_that_file_the_form() -> None:
    assert SourceMeta(url="https://ia-centr.ru/experts/center/l-ivanova-energy-factor/").url_genre() == "ANALYSIS"
    assert SourceMeta(url="https://example.by/intervyu/2024/05/gubernator").url_genre() == "INTERVIEW"
    assert SourceMeta(url="https://example.by/news/2024/05/experts-met-in-minsk").url_genre() is None


def test_the_same_is_no_stance() -> None:
    # «те же стандарты», «такой же работник»: «же» of identity; «сколько же мы задолжали» is the author's emphasis
    same = ("Белорусы работают на калужском заводе по тем же правилам, что и местные. Такой же договор, те же "
            "стандарты обучения, тот же язык.")
    assert "author's stance" not in rules_of(genre(same, "Белорусы на калужском заводе"))
    emphasis = "Сколько же задолжали соседям белорусские предприятия? Даже власти не знают точной суммы."
    assert "author's stance" in rules_of(genre(emphasis, "Долги соседей"))


def test_a_write_up_of_a_broadcast_on_an_authoritys_site_is_news() -> None:
    text = ("Число резидентов индустриального парка может вырасти вдвое. Об этом в эфире телеканала «Беларусь 1» "
            "рассказал глава администрации парка.")
    assert genre(text, "Резидентов парка станет вдвое больше", GOV_SITE).values["genre"] == "NEWS"
    english = "The head of the park administration told about it on the air of Belarusian television."
    assert genre(english, "Park residents may double", GOV_SITE).values["genre"] == "NEWS"


def test_the_apparatus_of_a_scholarly_paper_makes_analysis() -> None:
    text = ("Abstract: The paper examines cross-border cooperation of Belarusian and Russian regions in 2010-2020. "
            "The Union State programmes are compared with the twin-city agreements of Vitebsk and Smolensk.\n"
            "Keywords: integration, border regions, Union State")
    result = genre(text, "Cross-border cooperation of Belarus and Russia")
    assert result.values["genre"] == "ANALYSIS"
    assert "scholarly paper" in rules_of(result)
    # a news item that only mentions an abstract of a report is not one
    news = "The ministry published the abstract of its annual report on trade with Russia on Monday, officials said."
    assert genre(news, "Ministry publishes report").values["genre"] == "NEWS"


def test_english_hedges_and_the_month_of_may() -> None:
    text = ("The Union State may never become a single state. Deeper integration could cost Minsk its sovereignty, "
            "and Moscow would gain a long border with NATO to defend.")
    result = genre(text, "The union that is not")
    assert result.values["genre"] == "ANALYSIS"
    assert "author's stance" in rules_of(result)
    # one hedge and the month twice: a report, not commentary
    dated = ("The delegation of Smolensk region arrived in Vitebsk on 12 May. In May the sides signed a plan of "
             "joint events that would run until 2026.")
    assert genre(dated, "Smolensk delegation in Vitebsk").values["genre"] == "NEWS"


def test_an_embassys_section_on_a_host_site() -> None:
    assert SourceMeta(url="https://example.ru/posolstvo-rossii-v-belorussii/view/vstrecha-s-gubernatorom").channel() == "embassy"
    assert SourceMeta(url="https://example.ru/world/posolstvo-rf-zayavilo/").channel() is None
