"""Substantive classes found in the real development set's errors, each on texts written for these tests.

Named joint events and institutions of the cooperation, enterprise names the Russian analyser does not know,
counts of programmes and construction of objects make a text substantive; numbers inside links and ISO
dates are not figures, and a named exhibition is mostly the venue of a signing.
"""

from __future__ import annotations

from regionlens.coding.codebook import load_codebook
from regionlens.coding.coder import CodeResult, code_text

BOOK = load_codebook()


def rules(text: str, title: str = "", lang: str | None = None) -> CodeResult:
    return code_text(text, title, BOOK, lang=lang, learned=False)


def test_named_joint_events_and_institutions_are_concrete() -> None:
    festival = ("Губернатор Ростовской области рассказал о молодёжном фестивале «Вместе за Союзное государство», "
                "который Ростовская область проводит с Гомельской областью.")
    assert rules(festival, "Ростовщина и Гомельщина").values["substantive"] == 1
    mission = ("Россия откроет генеральное консульство в Гомеле, заявили в МИД. Белорусский торговый дом начал "
               "работу в Хабаровском крае.")
    assert rules(mission, "Россия и Беларусь расширяют присутствие в регионах").values["substantive"] == 1
    venue = ("На выставке «Иннопром» губернатор Свердловской области и председатель Минского облисполкома "
             "подписали соглашение о сотрудничестве в торгово-экономической и гуманитарной сферах.")
    assert rules(venue, "Свердловская и Минская области подписали соглашение").values["substantive"] == 0
    award = ("В Гомеле прошёл форум журналистов Беларуси и России с участием Брянской области. Форум завершился "
             "награждением победителей конкурса «Наш общий дом».")
    assert rules(award, "Форум журналистов в Гомеле").values["substantive"] == 0


def test_enterprise_names_unknown_to_the_analyser_match_in_any_case() -> None:
    text = ("Губернатор Орловской области встретился с послом Беларуси. Орловские предприятия поставляют продукцию "
            "на «Беларуськалий» и работают с «Россетями».")
    result = rules(text, "Орловщина и Беларусь обсудили сотрудничество")
    assert result.values["substantive"] == 1
    assert any(e.variable == "substantive" and e.rule == "enterprise" for e in result.evidence)


def test_counts_of_programmes_and_construction_are_concrete() -> None:
    programmes = ("С 1998 года Беларусь и Россия выполнили пять программ совместной деятельности в рамках "
                  "Союзного государства.")
    assert rules(programmes, "Союзное государство подвело итоги").values["substantive"] == 1
    building = ("Председатель Постоянной комиссии Совета Республики посетит Воронежскую область. В программе — "
                "объекты, которые возводят белорусские строители, и ввод в эксплуатацию школы в посёлке Стрелица.")
    assert rules(building, "Белорусский парламентарий посетит Воронежскую область").values["substantive"] == 1


def test_numbers_in_links_codes_and_iso_dates_are_not_figures() -> None:
    text = ("date 2026-01-05 флаги Беларуси и России https://media.example.by/assets/0bf3c9 news\n"
            "Губернатор Смоленской области поздравил жителей Витебской области с праздником и пожелал "
            "дружбе двух народов крепости.")
    result = rules(text, "Смоленщина поздравила Витебщину")
    assert result.values["union"] == 1
    assert result.values["substantive"] == 0
    assert rules("Товарооборот Смоленской области с Беларусью достиг 1bn USD, сообщил губернатор.",
                 "Смоленщина и Беларусь").values["substantive"] == 1


def test_enterprise_forms_before_quoted_names_and_capitalised_english_names_are_named() -> None:
    text = ("Губернатор Ленинградской области и председатель Витебского облисполкома обсудят поставки "
            "очистного оборудования от местного предприятия УП «Стройполимер».")
    assert rules(text, "Ленобласть и Витебщина").values["substantive"] == 1
    en = ("Brest Oblast and Ulyanovsk Oblast signed an agreement between the Belarusian 558th Aircraft Repair Plant "
          "and a Russian industrial development centre.")
    assert rules(en, "Brest and Ulyanovsk regions expand cooperation", lang="en").values["substantive"] == 1
    plain = ("Brest Oblast and Ulyanovsk Oblast discussed cooperation in the economy. A plant in the region "
             "may take part later.")
    assert rules(plain, "Brest and Ulyanovsk regions discuss cooperation", lang="en").values["substantive"] == 0
