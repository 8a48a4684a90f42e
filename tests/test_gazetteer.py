"""Entities: the gazetteer corrects the model and resolves every alias to one actor."""

from __future__ import annotations

import pytest

from kit.gazetteer import entity_rows, load_gazetteer
from kit.tagger import TagItem, split_text

PLACES = {"kyiv", "avdiivka", "donbas", "donetsk", "luhansk", "mariupol", "crimea", "moscow", "washington", "minsk"}


def resolve(tagger, text: str) -> list[dict]:
    return entity_rows(tagger.nlp(text), tagger.gazetteer, "t")


def ids(rows: list[dict]) -> dict[str, str]:
    return {r["text"]: r["entity_id"] for r in rows}


def test_gazetteer_file_is_valid():
    gaz = load_gazetteer()
    assert len(gaz) > 150
    assert not gaz.warnings, gaz.warnings
    assert gaz["kyiv"].aliases[:2] == ("Kyiv", "Kiev")
    kerry = gaz["john_kerry"].roles[0]
    assert (kerry.title, kerry.start, kerry.end) == ("Secretary of State", "2013-02-01", "2017-01-20")


def test_spellings_resolve_to_one_canonical_actor(tagger):
    rows = resolve(
        tagger,
        "In Kiev and in Kyiv, Sergey Lavrov met Lavrov's aides. The U.S., the USA and "
        "America agreed. Sergei Lavrov flew to Avdiivka.",
    )
    found = ids(rows)
    assert found["Kiev"] == found["Kyiv"] == "kyiv"
    assert found["Avdiivka"] == "avdiivka"
    assert found["Sergey Lavrov"] == found["Lavrov"] == found["Sergei Lavrov"] == "sergei_lavrov"
    assert {found["U.S."], found["USA"], found["America"]} == {"united_states"}
    names = {r["entity_id"]: r["entity_name"] for r in rows}
    assert names["kyiv"] == "Kyiv" and names["sergei_lavrov"] == "Sergei Lavrov"


def test_the_model_never_tags_a_known_place_as_a_person(tagger):
    rows = resolve(tagger, "Kyiv said Avdiivka was shelled. Kiev accused Moscow. Mariupol braced for attack.")
    labels = {r["text"]: r["label"] for r in rows}
    assert labels["Kyiv"] == labels["Kiev"] == labels["Avdiivka"] == labels["Mariupol"] == "GPE"


def test_no_place_is_tagged_as_a_person_in_the_seeds(seeds):
    ents = seeds.entities
    assert not ents[(ents.label == "PERSON") & ents.entity_id.isin(PLACES)].size
    people = set(ents.loc[ents.label == "PERSON", "entity_id"])
    assert {
        "dmitry_peskov",
        "vladimir_putin",
        "donald_trump",
        "volodymyr_yelchenko",
        "antony_blinken",
        "sergei_lavrov",
        "john_kerry",
        "petro_poroshenko",
        "josh_earnest",
    } <= people
    assert people <= set(seeds.entities.entity_id), "every person resolves to an id"


def test_seed_entities_are_found_and_normalised(seeds):
    by_doc = seeds.entities.groupby("doc_id")["entity_id"].apply(set)
    assert {
        "kremlin",
        "donbas",
        "un_security_council",
        "minsk_agreements",
        "jccc",
        "lenta_ru",
        "united_states",
        "dmitry_peskov",
    } <= by_doc["000_8c36ac1777dec640"]
    assert {"kyiv", "nato", "afp", "crimea", "moscow", "washington"} <= by_doc["001_6e1d9f0e23a31894"]
    assert {"state_department", "white_house", "bbc", "kyiv", "moscow"} <= by_doc["002_fa8bd9a05bbe6e6e"]


def test_entity_offsets_point_into_the_clean_text(seeds):
    texts = seeds.documents.set_index("doc_id")["text"]
    for row in seeds.entities.itertuples():
        assert texts[row.doc_id][row.start_char : row.end_char] == row.text


def test_entities_outside_the_gazetteer_keep_spacys_label(tagger):
    rows = resolve(tagger, "Senator Yevgeny Bushmin spoke in Voronezh. Later Bushmin said the vote was over.")
    by_text = {r["text"]: r for r in rows}
    assert by_text["Yevgeny Bushmin"]["label"] == "PERSON" and not by_text["Yevgeny Bushmin"]["in_gazetteer"]
    assert by_text["Bushmin"]["entity_id"] == by_text["Yevgeny Bushmin"]["entity_id"] == "person:yevgeny bushmin"


def test_stances_and_model_mistakes(tagger):
    found = ids(
        resolve(tagger, "US Secretary of State Antony Blinken met pro-Russian separatists and Russian officials.")
    )
    assert found["pro-Russian"] == "norp:pro-russian"
    assert found["Russian"] == "russia"
    assert "State" not in found


@pytest.mark.parametrize("size", [50, 1000])
def test_split_text_joins_back_exactly(size):
    text = ("Talks resumed in Minsk. " * 40 + "\n\n") * 30
    pieces = split_text(text, max_chars=size)
    assert "".join(pieces) == text
    assert all(len(p) <= size for p in pieces)


def test_long_documents_are_tagged_in_pieces_with_true_offsets(tagger, monkeypatch):
    import kit.tagger

    monkeypatch.setattr(kit.tagger, "MAX_PIECE_CHARS", 300)
    text = "Kiev said Russian troops shelled Avdiivka. " * 30
    calls = []
    monkeypatch.setattr(kit.tagger, "split_text", lambda t, n: calls.append(n) or split_text(t, n))
    result = tagger.tag([TagItem("long", text, None)])
    assert calls == [300]
    assert result["_done"] == ["long"]
    kiev = [r for r in result["entities"] if r["entity_id"] == "kyiv"]
    assert len(kiev) == 30
    assert all(text[r["start_char"] : r["end_char"]] == "Kiev" for r in kiev)


def test_a_name_run_on_into_the_verb_after_it_is_cut_before_the_verb(tagger):
    from spacy.tokens import Span

    from kit.gazetteer import entity_rows

    doc = tagger.nlp("Ashkan Soltani is a researcher. “They are fake base stations,” Soltani told Mashable.")
    told = next(t.i for t in doc if t.text == "told")
    soltani = told - 1
    doc.ents = [Span(doc, 0, 2, "PERSON"), Span(doc, soltani, told + 2, "WORK_OF_ART")]  # the model's mistake
    rows = entity_rows(doc, tagger.gazetteer, "x")
    assert [(r["text"], r["entity_id"]) for r in rows] == [
        ("Ashkan Soltani", "person:ashkan soltani"),
        ("Soltani", "person:ashkan soltani"),
    ]


def test_a_full_name_the_model_took_for_an_organisation_is_the_person_its_surname_names(tagger):
    text = (
        "SNP Holyrood leader Nicola Sturgeon said the public needed reassurance. "
        "Ms Sturgeon said there were questions to answer."
    )
    rows = entity_rows(tagger.nlp(text), tagger.gazetteer, "x")
    people = {r["text"]: (r["entity_id"], r["entity_type"]) for r in rows if "Sturgeon" in r["text"]}
    assert set(people.values()) == {("person:nicola sturgeon", "person")}
    # a company named after a family is no person: "Johnson & Johnson", "JP Morgan"
    rows = entity_rows(tagger.nlp("JP Morgan cut jobs. Mr Morgan said so."), tagger.gazetteer, "x")
    assert all(r["entity_type"] != "person" for r in rows if r["text"] == "JP Morgan")


def test_a_namesake_of_a_gazetteer_person_is_someone_else(tagger):
    def found(text):
        return [(r["text"], r["entity_id"]) for r in entity_rows(tagger.nlp(text), tagger.gazetteer, "x")]

    assert found("Kyrylo Tymoshenko spoke. Mr Tymoshenko said so.") == [
        ("Kyrylo Tymoshenko", "person:kyrylo tymoshenko"),
        ("Tymoshenko", "person:kyrylo tymoshenko"),
    ]
    # the actor by surname, by title, and by another spelling of the first name
    assert found("Tymoshenko said so.") == [("Tymoshenko", "yulia_tymoshenko")]
    assert ("Zelensky", "volodymyr_zelensky") in found("President Zelensky met Yulia Tymoshenko.")
    assert found("Vitalyi Klitschko met Wladimir Klitschko.") == [
        ("Vitalyi Klitschko", "vitali_klitschko"),
        ("Wladimir Klitschko", "person:wladimir klitschko"),
    ]
    # where both are named, the surname alone stays the gazetteer's
    both = found("Yulia Tymoshenko met Kyrylo Tymoshenko. Tymoshenko said so.")
    assert both[-1] == ("Tymoshenko", "yulia_tymoshenko")


def test_a_name_the_model_missed_after_a_title_is_a_person(nlp):
    doc = nlp(
        "Recalling, Kremlin called this decision a madness. Russian Minister of Transport Maxim Sokolov said "
        "that Moscow would retaliate. Minister of Foreign Affairs and the Chief Executive Officer met."
    )
    people = [e.text for e in doc.ents if e.label_ == "PERSON"]
    assert "Maxim Sokolov" in people
    # offices in English words are not names
    assert not {"Foreign Affairs", "Executive Officer"} & set(people)


def test_a_name_run_back_into_the_place_of_an_office_is_the_person_alone(tagger):
    rows = entity_rows(
        tagger.nlp("Vladimir Putin had a telephone conversation with President of Angola Joao Lourenco."),
        tagger.gazetteer,
        "x",
    )
    assert [r["entity_name"] for r in rows if r["entity_type"] == "person"] == ["Vladimir Putin", "Joao Lourenco"]
    rows = entity_rows(tagger.nlp("The wife of John Fitzgerald Kennedy spoke."), tagger.gazetteer, "x")
    assert [r["entity_name"] for r in rows if r["entity_type"] == "person"] == ["John Fitzgerald Kennedy"]


def test_a_name_run_into_the_place_of_an_office_that_the_model_took_for_a_body_is_the_person(tagger):
    text = (
        "Vladimir Putin had a telephone conversation with Prime Minister of Israel Naftali Bennett.\n\n"
        "Naftali Bennett expressed a few considerations. The leaders agreed to continue contacts."
    )
    rows = entity_rows(tagger.nlp(text), tagger.gazetteer, "x")
    assert "Israel Naftali Bennett" not in {r["entity_name"] for r in rows}
    assert [r["entity_name"] for r in rows if r["entity_type"] == "person"][:2] == ["Vladimir Putin", "Naftali Bennett"]
    # a body's own name after an office stays whole
    rows = entity_rows(tagger.nlp("He met the Minister of Foreign Affairs Dmytro Kuleba."), tagger.gazetteer, "x")
    assert "Affairs Dmytro Kuleba" not in {r["entity_name"] for r in rows}


def test_a_body_every_state_has_takes_the_state_the_text_gives_it(tagger):
    # The state just before it, in the gazetteer's own entry where it has one, else as written
    found = resolve(
        tagger,
        "The Russian Defence Ministry said one thing. Ukraine's Defence Ministry said another. "
        "South Korea’s Ministry of Foreign Affairs issued a statement.",
    )
    names = {r["text"]: (r["entity_id"], r["entity_name"]) for r in found if r["entity_type"] == "government"}
    assert names["Russian Defence Ministry"] == ("russian_defence_ministry", "Russian Defence Ministry")
    assert names["Defence Ministry"] == ("org:ukraine's defence ministry", "Ukraine's Defence Ministry")
    assert names["Ministry of Foreign Affairs"][1] == "South Korea's Foreign Ministry"


def test_an_unqualified_body_is_the_one_the_article_names_elsewhere_or_its_datelines(tagger):
    elsewhere = resolve(tagger, "The Foreign Ministry said it was ready. Ukraine's Foreign Ministry denied it.")
    assert {r["entity_name"] for r in elsewhere if r["entity_type"] == "government"} == {"Ukraine's Foreign Ministry"}
    assert [r["resolved_by"] for r in elsewhere if r["text"] == "Foreign Ministry"][0] == "article"
    dateline = resolve(tagger, "Headline - Russia\n\nMOSCOW, August 8 (RIA Novosti) - The Foreign Ministry said so.")
    assert [r["entity_id"] for r in dateline if r["text"] == "Foreign Ministry"] == ["russian_foreign_ministry"]
    # Two states' ministries: a bare "the Foreign Ministry" is neither
    both = resolve(tagger, "Russia's Foreign Ministry and Ukraine's Foreign Ministry met. The Foreign Ministry spoke.")
    assert [r["entity_id"] for r in both][-1] == "foreign_ministry"
    # No state anywhere: the body alone
    alone = resolve(tagger, "The Ministry of Defence said the soldiers would return in May.")
    assert [r["entity_id"] for r in alone if r["entity_type"] == "government"] == ["defence_ministry"]


def test_a_short_name_of_a_gazetteer_body_named_in_full_is_that_body(tagger):
    rows = resolve(tagger, "The European Commission wrote to Vodafone. The Commission said the rates were too high.")
    assert [r["entity_id"] for r in rows if r["text"] == "Commission"] == ["european_commission"]


def test_a_party_name_keeps_the_capitalised_word_the_model_left_out(tagger):
    rows = resolve(tagger, "The Liberal Democrats have pledged to raise the stamp duty threshold.")
    assert [r["entity_name"] for r in rows] == ["Liberal Democrats"]


def test_an_acronym_keeps_a_word_in_capitals_whole(tagger):
    text = "The UK Independence Party wants the seats back. The claim was denied by UKIP, which said it had won them."
    rows = resolve(tagger, text)
    assert {r["entity_name"] for r in rows if r["text"] == "UKIP"} == {"UK Independence Party"}


def test_a_longer_name_that_a_gazetteer_body_starts_is_another_body(tagger):
    text = "Growth will slow, the United Nations Economic Commission for Europe (UNECE) said. The UNECE warned."
    rows = resolve(tagger, text)
    assert "un" not in {r["entity_id"] for r in rows}
    assert {r["entity_name"] for r in rows if r["label"] == "ORG"} == {"United Nations Economic Commission for Europe"}
    # a press service speaks for its body, and a title before a name is no body
    assert ids(resolve(tagger, "The Kremlin Press Service said the talks went well."))["Kremlin"] == "kremlin"
    rows = resolve(tagger, "NATO Secretary General Jens Stoltenberg said the alliance would help.")
    assert ids(rows)["NATO"] == "nato"
    # two actors joined by a hyphen name no third body, and no entity is counted twice
    rows = resolve(tagger, "The next EU-Russia Summit will not take place.")
    assert [(r["text"], r["entity_id"]) for r in rows] == [("EU", "european_union"), ("Russia", "russia")]
    starts = [r["start_char"] for r in resolve(tagger, text)]
    assert len(starts) == len(set(starts))


def test_a_name_after_an_honorific_is_a_person_whatever_the_model_took_it_for(tagger):
    text = "The Fabian Society's Sundar Katwala said the change was overdue. Mr Katwala added that it was simple."
    rows = resolve(tagger, text)
    assert {r["entity_id"] for r in rows if "Katwala" in r["text"]} == {"person:sundar katwala"}


def test_honorifics_post_nominals_and_knights_name_the_person_the_article_names_in_full(tagger):
    text = (
        "Vince Cable, the party's Treasury spokesman, said it would help. The saving would be large, according "
        "to Mr Cable. Paul Boateng MP said the sums did not add up. Auditor General Sir John Bourn praised "
        "ministers. Sir John said progress had been made."
    )
    names = {r["text"]: r["entity_id"] for r in resolve(tagger, text)}
    assert names["Mr Cable"] == names["Vince Cable"] == "person:vince cable"
    assert names["Paul Boateng"] == "person:paul boateng"  # not "Paul Boateng MP"
    assert names["John"] == "person:john bourn"


def test_one_word_the_model_took_for_a_person_after_the_is_an_office_not_a_name(tagger):
    text = (
        '"Ukraine is fighting as no one expected," said the Adviser to the President\'s Office. The Pew report said so.'
    )
    people = [r["text"] for r in resolve(tagger, text) if r["entity_type"] == "person"]
    assert "Adviser" not in people


def test_a_noun_of_people_the_model_took_into_a_name_is_no_part_of_it(tagger):
    text = "Farmer Geoff Brooks, a senior member of the Quorn hunt, told BBC News that hunting was over."
    rows = entity_rows(tagger.nlp(text), tagger.gazetteer, "x")
    assert [(r["text"], r["entity_name"]) for r in rows if r["entity_type"] == "person"] == [
        ("Geoff Brooks", "Geoff Brooks")
    ]


def test_a_name_in_apposition_to_an_office_is_a_person_whatever_the_model_took_it_for(tagger):
    text = (
        "The head of the citizenship department of the Federal Migration Service, Valentina Kazakova, "
        "confirmed the number to journalists."
    )
    rows = entity_rows(tagger.nlp(text), tagger.gazetteer, "x")
    assert ("Valentina Kazakova", "person") in {(r["entity_name"], r["entity_type"]) for r in rows}
    rows = entity_rows(tagger.nlp("The regulator, Ofcom Services, said so."), tagger.gazetteer, "x")
    assert all(r["entity_type"] != "person" for r in rows)


def test_an_unqualified_body_after_several_states_bodies_is_the_one_the_sentence_before_gave(tagger):
    text = (
        "Russia's Foreign Ministry has called on Western powers to give up their policy. Ukraine's Foreign "
        "Ministry has rejected Russian accusations. In a press release, the Foreign Ministry accused Moscow."
    )
    rows = resolve(tagger, text)
    assert [r["entity_name"] for r in rows if r["text"] == "Foreign Ministry"][-1] == "Ukraine's Foreign Ministry"


@pytest.mark.parametrize(
    ("outlet", "state"),
    [
        ("The White House (whitehouse.gov)", "united_states"),
        ("U.S. Department of the Treasury (home.treasury.gov)", "united_states"),
        ("President of Ukraine (president.gov.ua/en, Office of the President of Ukraine)", "ukraine"),
        ("Kremlin (en.kremlin.ru, Office of the President of Russia)", "russia"),
        ("Ministry of Foreign Affairs of Ukraine", "ukraine"),
        ("BBC News", None),
        ("Reuters", None),
        ("TASS", None),  # state media are no government's own voice
        (None, None),
    ],
)
def test_a_government_publisher_is_its_state(outlet, state):
    assert load_gazetteer().publisher_state(outlet) == state
