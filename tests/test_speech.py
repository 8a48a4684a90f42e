"""Tests for `kit.extract.speech`: whose words a whole text is, from its title, and the turns of a transcript."""

from __future__ import annotations

import datetime as dt

import pytest

from kit.extract.speech import document_voice, opening_voice
from kit.gazetteer import load_gazetteer


@pytest.mark.parametrize(
    "title, date, expected",
    [
        ("Address by the President of Ukraine", dt.date(2022, 3, 3), ("Volodymyr Zelensky", "volodymyr_zelensky")),
        ("We will win - address by President Volodymyr Zelenskyy", None, ("Volodymyr Zelensky", "volodymyr_zelensky")),
        (
            "Statement by President Joe Biden on Additional Security Assistance to Ukraine",
            None,
            ("Joe Biden", "joe_biden"),
        ),
        ("Statement by the White House on sanctions", None, ("White House", "white_house")),
        ("Remarks by Jane Roe at the forum", None, ("Jane Roe", None)),
        ("Telephone conversation with President of France", dt.date(2022, 3, 3), None),
        ("Russia claims thousands fleeing Ukraine", None, None),
        (None, None, None),
    ],
)
def test_document_voice(title, date, expected):
    assert document_voice(title, load_gazetteer(), date=date) == expected


def test_an_office_held_by_several_people_over_time_needs_the_date():
    # Presidents of Ukraine before and after 2019: without a date no one can be named
    assert document_voice("Address by the President of Ukraine", load_gazetteer(), date=None) == (
        "President of Ukraine",
        None,
    )


def test_first_person_in_an_address_is_its_speaker_and_figures_are_claimed_by_it(tagger):
    from kit.tagger import TagItem

    text = (
        "Today I want to say a few words about our defenders. I stressed that Ukraine would never give up. "
        "Since the beginning of the invasion, 16 children were killed by Russian shelling."
    )
    out = tagger.tag([TagItem("a", text, "2022-03-01", "Address by the President of Ukraine")])
    indirect = [q for q in out["quotes"] if q["kind"] == "indirect"]
    assert indirect and all(q["speaker_id"] == "volodymyr_zelensky" for q in indirect)
    killed = [n for n in out["numbers"] if n["category"] == "killed"]
    assert [(n["value"], n["claimed_by_id"], n["scope"]) for n in killed] == [(16, "volodymyr_zelensky", "current")]
    # the same text under a news headline: no one's voice, so no claimant
    out = tagger.tag([TagItem("b", text, "2022-03-01", "Children killed in shelling")])
    assert [n["claimed_by_id"] for n in out["numbers"] if n["category"] == "killed"] == [None]


@pytest.mark.parametrize(
    ("text", "claimant"),
    [
        # the speech a title signs: it never names its speaker and opens by addressing its audience
        (
            "Ukrainians! All our defenders! The third month of our defense is over. "
            "Almost 30,000 Russian soldiers were killed.",
            "volodymyr_zelensky",
        ),
        # news about what he said names him: no one's voice
        (
            "President Volodymyr Zelenskyy believes the war will end. Almost 30,000 Russian soldiers were killed.",
            None,
        ),
    ],
)
def test_a_title_signed_after_a_dash_is_the_voice_of_the_speech_it_signs(tagger, text, claimant):
    from kit.tagger import TagItem

    title = "The supply of weapons to Ukraine is the best investment - President Volodymyr Zelenskyy"
    out = tagger.tag([TagItem("a", text, "2022-05-24", title)])
    assert [n["claimed_by_id"] for n in out["numbers"] if n["category"] == "killed"] == [claimant]


TRANSCRIPT = (
    "Vladimir Putin had a meeting with Milorad Dodik.\n\n"
    "President of Russia Vladimir Putin: I am happy to see you. We have had very good relations. "
    "Member of the Presidency of Bosnia and Herzegovina Milorad Dodik(retranslated): Thank you, Mr President. "
    "I told you this last time, that they have appointed a German.\n\n"
    "Question: I would like to ask you about gas.\n\n"
    "Vladimir Putin: I said that 10,000 troops were deployed."
)


def test_the_turns_of_a_transcript_name_their_speakers(tagger):
    from kit.extract.protocol import DocContext
    from kit.extract.speech import speaker_turns, turn_at

    doc = tagger.nlp(TRANSCRIPT)
    ctx = DocContext("t", None, tagger.gazetteer, title="Meeting with Milorad Dodik")
    turns = speaker_turns(doc, ctx.entity_rows(doc), tagger.gazetteer)
    assert [t.name for t in turns] == ["Vladimir Putin", "Milorad Dodik", None, "Vladimir Putin"]
    assert turn_at(turns, TRANSCRIPT.index("had a meeting")) is None  # the account before the first turn
    assert turn_at(turns, TRANSCRIPT.index("appointed a German")).name == "Milorad Dodik"


def test_first_person_speakers_and_figures_in_a_turn_are_its_speakers(tagger):
    from kit.tagger import TagItem

    out = tagger.tag([TagItem("t", TRANSCRIPT, "2022-06-17", "Meeting with Milorad Dodik")])
    speakers = {q["quote"][:20]: q["speaker_name"] for q in out["quotes"] if q["kind"] == "indirect"}
    assert speakers == {
        "they have appointed ": "Milorad Dodik",
        "you about gas": None,  # a journalist's question is no one's
        "10,000 troops were d": "Vladimir Putin",
    }
    troops = [(n["value"], n["claimed_by_id"]) for n in out["numbers"] if n["category"] == "troops"]
    assert troops == [(10000, "vladimir_putin")]


@pytest.mark.parametrize(
    "text, names",
    [
        # a label in capitals is a role; the title's voice holds it ("Remarks by President Biden")
        (
            "THE PRESIDENT: Thank you all. MODERATOR: Next question. THE PRESIDENT: I said so.",
            ["Joe Biden", None, "Joe Biden"],
        ),
        # words before a colon in a speech open no turn
        ("Look: we are strong. Imagine: a free country. Know: we will win.", []),
        # one label alone is no transcript, unless an intro opens it
        ("The reason: prices rose.", []),
        (
            "The following statement is attributed to Pentagon Press Secretary John Kirby: I have said it before.",
            ["John Kirby"],
        ),
    ],
)
def test_labels_that_open_turns_and_words_before_a_colon_that_do_not(tagger, text, names):
    from kit.extract.protocol import DocContext
    from kit.extract.speech import speaker_turns

    doc = tagger.nlp(text)
    ctx = DocContext("t", dt.date(2022, 3, 1), tagger.gazetteer, title="Remarks by President Biden on Ukraine")
    turns = speaker_turns(doc, ctx.entity_rows(doc), tagger.gazetteer, voice=ctx.voice(doc), date=ctx.date)
    assert [t.name for t in turns] == names


def test_a_quote_with_no_cue_in_a_turn_is_the_turns_speakers(tagger):
    from kit.tagger import TagItem

    text = (
        'Vladimir Putin met the governors. Sergei Sobyanin said: "The city is ready."\n\n'
        'Vladimir Putin: Thank you.\n\n"Patience and work will grind everything." That is what we need.\n\n'
        "Sergei Sobyanin: We will do it."
    )
    out = tagger.tag([TagItem("t", text, "2022-06-17", "Meeting with Moscow Mayor Sergei Sobyanin")])
    speakers = {q["quote"][:12]: q["speaker_name"] for q in out["quotes"] if q["kind"] == "direct"}
    assert speakers == {"The city is ": "Sergei Sobyanin", "Patience and": "Vladimir Putin"}


@pytest.mark.parametrize(
    "title, expected",
    [
        # "the President" alone names no one holder on a date with many presidents
        ("Address by the President: Ukrainians are a symbol of invincibility", ("President", None)),
        ("Address by the President of Ukraine: we will win", ("Volodymyr Zelensky", "volodymyr_zelensky")),
        ("Statement by Jane Roe Marking One Year Since the Invasion", ("Jane Roe", None)),
        ("Remarks by Jane Roe - the text as delivered", ("Jane Roe", None)),
    ],
)
def test_a_title_names_its_speaker_before_a_colon_a_dash_or_a_gerund(title, expected):
    assert document_voice(title, load_gazetteer(), date=dt.date(2022, 3, 3)) == expected


@pytest.mark.parametrize(
    "title, expected",
    [
        ("G7 Statement on Ukraine, 11 October 2022", ("G7", "g7")),
        (
            "G7 Finance Ministers and Central Bank Governors´ Statement on the global economic impact",
            ("G7 Finance Ministers and Central Bank Governors", None),
        ),
        ("Jane Roe Task Force Ministerial Joint Statement", ("Jane Roe Task Force", None)),
        ("An Open Letter to the Global Media by Olena Zelenska", ("Olena Zelenska", "olena_zelenska")),
        # a modifier is no speaker; a headline's words before "statement" are not a name
        ("Joint statement following the meeting of the delegations", None),
        ("Ukraine, Lithuania, Poland have common approaches, as evidenced by a joint statement", None),
        # the words after "to" are the audience, and a long way from "by" they are something else
        ("Greetings to participants of events marking the adoption of Islam by Volga Bulgaria", None),
    ],
)
def test_a_title_that_opens_with_its_speaker_or_addresses_an_audience(title, expected):
    assert document_voice(title, load_gazetteer(), date=dt.date(2022, 10, 11)) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("1. We, the leaders of the Group of Seven (G7), convened today.", "leaders of the Group of Seven (G7)"),
        ("We, the Group of Creditors of Ukraine, express our solidarity.", "Group of Creditors of Ukraine"),
        (
            "We, the Presidents of Ukraine, the Republic of Lithuania and the Republic of Poland, met.",
            "Presidents of Ukraine, the Republic of Lithuania and the Republic of Poland",
        ),
        ("We, the people, are tired, said Ms Roe.", None),
        ("We condemn the attacks.", None),
    ],
)
def test_a_text_that_opens_by_saying_who_we_are_is_their_words(text, expected):
    voice = opening_voice(text, load_gazetteer(), date=dt.date(2022, 10, 11))
    assert (voice[0] if voice else None) == expected


def test_we_in_a_statement_whose_title_opens_with_its_speaker_is_that_speaker(tagger):
    from kit.tagger import TagItem

    text = "We condemn these attacks in the strongest possible terms. We reaffirmed that Russia must withdraw."
    out = tagger.tag([TagItem("s", text, "2022-10-11", "G7 Statement on Ukraine, 11 October 2022")])
    assert {q["speaker_id"] for q in out["quotes"] if q["kind"] == "indirect"} == {"g7"}


def test_you_in_a_turn_is_whom_the_turn_speaks_to(tagger):
    from kit.tagger import TagItem

    meeting = (
        "Vladimir Putin had a meeting with Alexander Lukashenko.\n\n"
        "Vladimir Putin: Good afternoon. I am glad to see you.\n\n"
        "Alexander Lukashenko: Thank you. As you said, the sanctions against our countries will fail."
    )
    out = tagger.tag([TagItem("m", meeting, "2022-04-12", "Meeting with Alexander Lukashenko")])
    said = {q["quote"][:20]: q["speaker_name"] for q in out["quotes"] if q["kind"] == "indirect"}
    assert said == {"the sanctions agains": "Vladimir Putin"}
    briefing = (
        "Sergei Lavrov answered questions from journalists.\n\n"
        "Sergei Lavrov: The conversation was business-like.\n\n"
        "Question: You said that the talks were useful. Can you tell us if the presidents discussed gas?\n\n"
        "Sergei Lavrov: No, they did not."
    )
    out = tagger.tag([TagItem("b", briefing, "2022-04-12", "News conference by Sergei Lavrov")])
    said = {q["quote"][:20]: q["speaker_name"] for q in out["quotes"] if q["kind"] == "indirect"}
    assert said.get("the talks were usefu") == "Sergei Lavrov"
    assert said.get("us if the presidents d") is None  # a question says nothing
