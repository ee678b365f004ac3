"""Quotes: quote marks, attribution before and after, pronouns, surnames, scare quotes."""

from __future__ import annotations

import pytest

from kg.extract.quotes import quoted_spans, read_quotes
from kg.model import EntityKind
from tests.kg.helpers import context_with_entities

PEOPLE = {"Irina Volkova": EntityKind.PERSON, "Daniyar Sadykov": EntityKind.PERSON,
          "Federal Migration Council": EntityKind.ORGANIZATION}


def test_quotes_spans_pair_straight_curly_and_guillemet_marks_within_a_paragraph():
    text = ('He said "one thing" and “another thing” and «a third».\nA “quote over\na line break.”\n\n'
            'An “unclosed quote\n\nends at the paragraph.”')
    assert [text[s:e] for s, e in quoted_spans(text)] == ["one thing", "another thing", "a third",
                                                        "quote over\na line break."]


def test_quotes_spans_keep_inner_quotation_marks_inside_one_quote():
    text = '"2,875 decisions under the Federal Law "On Citizenship" were made," she said.'
    assert [text[s:e] for s, e in quoted_spans(text)] == [
        '2,875 decisions under the Federal Law "On Citizenship" were made,']


def test_quotes_spans_a_stray_opening_mark_does_not_swallow_the_quotes_after_it():
    text = ('"Kommersant reported that officers were looking for "evaders." Many were detained.\n'
            'The channel wrote that police were "catching migrants at the gates."')
    assert [text[s:e] for s, e in quoted_spans(text)] == ["evaders.", "catching migrants at the gates."]


def test_quotes_spans_an_inner_and_an_outer_quote_closed_by_one_mark_before_the_speaker():
    text = ("“We stayed until March. Then the officers said: “You have a week to leave,” Daniyar Sadykov "
            "says.\n"
            "Police gave no comment.")
    assert [text[s:e] for s, e in quoted_spans(text)] == [
        "We stayed until March. Then the officers said: “You have a week to leave,"]
    # a stray opener lines before does not take in the quotes after it
    text = ('"Kommersant reported that officers were looking for "evaders." Many were detained.\n'
            'A loss of wages threatens "hardship for the families," the union said.')
    assert [text[s:e] for s, e in quoted_spans(text)] == ["evaders.", "hardship for the families,"]


def test_quotes_spans_of_a_multi_paragraph_quote_end_where_the_next_paragraph_reopens():
    text = "“We were taken at night.\n“Nobody told us where,” he said."
    assert [text[s:e] for s, e in quoted_spans(text)] == ["We were taken at night.", "Nobody told us where,"]


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "“The recruiters visit the dormitories every week,” Irina Volkova said.",
        "Irina Volkova said: “The recruiters visit the dormitories every week.”",
        "“The recruiters visit the dormitories every week,” said Irina Volkova, a lawyer who advises migrants.",
        "Irina Volkova spoke to reporters on Friday. “The recruiters visit the dormitories every week,” she said.",
    ],
)
def test_quotes_attribution_before_after_and_by_pronoun_gives_one_speaker(nlp, text):
    ctx = context_with_entities(nlp, text, PEOPLE)
    quotes = read_quotes(ctx)
    assert [(q.text.rstrip("."), q.speaker) for q in quotes] == [
        ("The recruiters visit the dormitories every week", "person/irina-volkova")]
    assert quotes[0].key == ctx.fact_key("quote", text.index("The recruiters"))
    assert "recruiters" in quotes[0].evidence.sentence


@pytest.mark.model
def test_quotes_bare_surname_and_organization_speakers_resolve(nlp):
    text = ("Daniyar Sadykov runs a shelter in Samara. “Nobody here asked to be sent to the front,” Sadykov "
            "told reporters. The Federal Migration Council said: “All checks were conducted lawfully.”")
    quotes = read_quotes(context_with_entities(nlp, text, PEOPLE))
    assert [q.speaker for q in quotes] == ["person/daniyar-sadykov", "organization/federal-migration-council"]


@pytest.mark.model
def test_quotes_title_phrase_speaker_is_unknown_but_the_quote_is_kept(nlp):
    text = "“The raids will continue until the autumn draft ends,” one regional official said."
    quotes = read_quotes(context_with_entities(nlp, text, PEOPLE))
    assert len(quotes) == 1 and quotes[0].speaker is None


@pytest.mark.model
def test_quotes_partial_quote_in_indirect_speech_belongs_to_the_reporting_subject(nlp):
    text = "Irina Volkova argued that the new rules would “turn every migrant into a suspect.”"
    quotes = read_quotes(context_with_entities(nlp, text, PEOPLE))
    assert [(q.text, q.speaker) for q in quotes] == [("turn every migrant into a suspect.", "person/irina-volkova")]


@pytest.mark.model
def test_quotes_scare_quotes_are_dropped_but_a_quote_after_an_attributed_one_continues_it(nlp):
    text = ("The so-called “volunteers” left for Donetsk in March. “We were given no choice,” Sadykov said. "
            "“They took our passports at the door.”")
    quotes = read_quotes(context_with_entities(nlp, "Daniyar Sadykov spoke. " + text, PEOPLE))
    assert [q.text for q in quotes] == ["We were given no choice", "They took our passports at the door."]
    assert {q.speaker for q in quotes} == {"person/daniyar-sadykov"}


@pytest.mark.model
def test_quotes_pronoun_refers_to_the_last_subject_not_the_last_name(nlp):
    text = "Irina Volkova met Daniyar Sadykov in Samara on Friday. “The checks are getting worse,” she said."
    quotes = read_quotes(context_with_entities(nlp, text, PEOPLE))
    assert [q.speaker for q in quotes] == ["person/irina-volkova"]


@pytest.mark.model
def test_quotes_multi_sentence_quote_keeps_one_speaker(nlp):
    text = ("“They came at night. They took our passports. Nobody explained anything,” Daniyar Sadykov said.")
    quotes = read_quotes(context_with_entities(nlp, text, PEOPLE))
    assert [(q.text, q.speaker) for q in quotes] == [
        ("They came at night. They took our passports. Nobody explained anything", "person/daniyar-sadykov")]


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # the reporting verb of the quote's own clause, not the one that reports the whole sentence
        pytest.param("Irina Volkova said she had asked the young man why he enlisted, and that the student "
                     "replied: “Nobody else would pay for my mother's treatment in the city.”", None,
                     id="inner-verb-is-not-the-outer-reporter"),
        # "X was quoted by the outlet as calling …": X speaks, the outlet is the medium
        pytest.param("Irina Volkova was quoted by the newspaper as calling the new checks “a way to fill the "
                     "trenches with other people's sons”.", "person/irina-volkova", id="quoted-as"),
        # the parser hangs "adding" on the clause before the comma; the phrase before the verb speaks
        pytest.param("Now the men must leave the country, the spokesman of the Federal Migration Council stressed, "
                     "adding that their “permits will be cancelled and they will be expelled if they stay on.”",
                     "organization/federal-migration-council", id="comma-subject"),
    ],
)
def test_quotes_speaker_is_the_agent_of_the_verb_the_quote_hangs_from(nlp, text, speaker):
    quotes = read_quotes(context_with_entities(nlp, text, PEOPLE))
    assert len(quotes) == 1
    assert quotes[0].speaker == speaker
    if speaker is None:  # "the student": a description, never the reporter named before it
        assert quotes[0].attribution and "student" in quotes[0].attribution


@pytest.mark.model
def test_quotes_a_document_that_reads_after_the_quote_is_the_speaker(nlp):
    text = "“Travellers may be held at the border and their passports taken,” read a notice on the consulate's page."
    quotes = read_quotes(context_with_entities(nlp, text, PEOPLE))
    assert [(q.speaker, q.attribution) for q in quotes] == [(None, "a notice on the consulate's page")]


@pytest.mark.model
def test_quotes_a_text_cut_off_inside_a_long_quote_keeps_it_but_not_a_short_stump(nlp):
    long_cut = ("Irina Volkova said that “many of the students who came last year were told that they would "
                "guard warehouses and then found themselves")
    assert [q.speaker for q in read_quotes(context_with_entities(nlp, long_cut, PEOPLE))] == ["person/irina-volkova"]
    short_cut = "Irina Volkova said that “many of the students"
    assert read_quotes(context_with_entities(nlp, short_cut, PEOPLE)) == []


@pytest.mark.model
def test_quotes_a_long_verbless_phrase_a_speech_verb_takes_is_a_quote_a_term_is_not(nlp):
    text = ("Irina Volkova called the order “a danger for every family with a son of conscription age”. "
            "Daniyar Sadykov called it a “formality”.")
    quotes = read_quotes(context_with_entities(nlp, text, PEOPLE))
    assert [q.text for q in quotes] == ["a danger for every family with a son of conscription age"]


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "“The recruiters visit the dormitories every week,” Irina Volkova was quoted as saying by the outlet.",
        "The outlet quoted Irina Volkova as saying: “The recruiters visit the dormitories every week.”",
    ],
)
def test_quotes_the_one_quoted_speaks_not_the_outlet_that_quotes(nlp, text):
    quotes = read_quotes(context_with_entities(nlp, text, {**PEOPLE, "the outlet": EntityKind.ORGANIZATION}))
    assert [q.speaker for q in quotes] == ["person/irina-volkova"]


@pytest.mark.model
def test_quotes_a_quote_standing_after_a_report_of_speech_is_its_speakers(nlp):
    text = ("Migrants were detained at the dormitory on Monday. One of the students said that officers came at "
            "dawn and beat them.\n“We were insulted, our phones were taken away and nobody explained anything.”")
    quotes = read_quotes(context_with_entities(nlp, text, PEOPLE))
    assert [(q.speaker, q.attribution) for q in quotes] == [(None, "One of the students")]
    # a quote after a sentence that reports no speech stays unattributed
    plain = "Migrants were detained at the dormitory on Monday.\n“We were insulted and nobody explained anything.”"
    assert read_quotes(context_with_entities(nlp, plain, PEOPLE)) == []


@pytest.mark.model
def test_quotes_a_name_alone_after_the_closing_mark_is_the_speaker(nlp):
    text = "Irina Volkova runs a legal clinic.\n“Nobody here asked to be sent to the front,” Irina Volkova"
    assert [q.speaker for q in read_quotes(context_with_entities(nlp, text, PEOPLE))] == ["person/irina-volkova"]


def test_quotes_spans_in_single_marks_where_no_apostrophe_can_be_meant():
    text = ("‘Sign the deportation papers,’ he said. Migrants’ groups said ‘we will not stop’. "
            "He said 'We were never told,' and left. The so-called ‘foreign agents’ and the migrants' fault.")
    assert [text[s:e] for s, e in quoted_spans(text)] == [
        "Sign the deportation papers,", "we will not stop", "We were never told,"]
    # inside double marks, single marks are inner quotation marks of one quote
    inner = "“A quote with ‘inner’ marks,” she said."
    assert [inner[s:e] for s, e in quoted_spans(inner)] == ["A quote with ‘inner’ marks,"]


@pytest.mark.model
def test_quotes_in_single_marks_are_attributed_like_double(nlp):
    text = "‘The recruiters visit the dormitories every week,’ Irina Volkova said."
    assert [q.speaker for q in read_quotes(context_with_entities(nlp, text, PEOPLE))] == ["person/irina-volkova"]


@pytest.mark.model
def test_quotes_he_after_a_speaker_described_by_post_is_that_speaker(nlp):
    text = ("An official from the veterans' group told AFP that recruiters had approached its members. "
            "He said: “We warned them that they would be sent to the front and would die there.”")
    quotes = read_quotes(context_with_entities(nlp, text, PEOPLE))
    assert [(q.speaker, q.attribution) for q in quotes] == [(None, "An official from the veterans' group")]
    # only the sentence right before counts: further back, an unnamed "he" stays unknown
    far = text.replace("members. ", "members. The group has 20,000 members in the east. ")
    assert read_quotes(context_with_entities(nlp, far, PEOPLE)) == []


@pytest.mark.model
def test_quotes_she_is_not_a_man_the_text_marks_as_one(nlp):
    # the nearest subject is the minister; "she" goes on for the spokeswoman named before him
    text = ("Police spokeswoman Irina Volkova said officers had detained 30 people. Interior Minister Daniyar "
            "Sadykov later praised the operation. “Order will be restored,” she said.")
    ctx = context_with_entities(nlp, text, PEOPLE)
    ctx.posts = {"person/irina-volkova": ["spokeswoman"], "person/daniyar-sadykov": ["interior minister"]}
    assert [q.speaker for q in read_quotes(ctx)] == ["person/irina-volkova"]
    # a surname's gendered ending marks its bearer too
    unmarked = ("Daniyar Sadykov met Irina Volkova in Moscow. “We discussed the fate of the detainees,” she told "
                "reporters.")
    assert [q.speaker for q in read_quotes(context_with_entities(nlp, unmarked, PEOPLE))] == ["person/irina-volkova"]


@pytest.mark.model
def test_quotes_the_statement_speaks_for_the_body_that_issued_it(nlp):
    text = ("The Federal Migration Council said in a statement on Monday that it had uncovered a trafficking "
            "network. “The council is working to dismantle the network,” the statement said.")
    quotes = read_quotes(context_with_entities(nlp, text, PEOPLE))
    assert [(q.speaker, q.attribution) for q in quotes] == [("organization/federal-migration-council", None)]


@pytest.mark.model
def test_quotes_she_after_an_unnamed_relative_who_spoke_is_that_relative(nlp):
    # the parser breaks the quote into two sentences: the speaker is still the one before the quote
    text = ("The mother of one recruit said her son had been promised a job as a driver. “Now he is in a trench "
            "near Bakhmut and I cannot reach him,” she said.")
    quotes = read_quotes(context_with_entities(nlp, text, PEOPLE))
    assert [(q.speaker, q.attribution) for q in quotes] == [(None, "The mother of one recruit")]
    # "he" does not go on for a mother
    assert [q.attribution for q in read_quotes(context_with_entities(nlp, text.replace("she said", "he said"),
                                                                     PEOPLE))] != ["The mother of one recruit"]


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "Irina Volkova spoke to reporters on Monday. According to her, “the migrants were given a choice: sign "
        "a contract or be deported.”",
        "Irina Volkova spoke to reporters on Monday. In her words, “the migrants were given a choice: sign a "
        "contract or be deported.”",
        # a name and a colon before the quote, with no verb: the style of live blogs and translated wires
        "Lawyer Irina Volkova: “The migrants were given a choice: sign a contract or be deported.”",
    ],
)
def test_quotes_whose_words_a_phrase_with_no_speech_verb_says_they_are(nlp, text):
    assert [q.speaker for q in read_quotes(context_with_entities(nlp, text, PEOPLE))] == ["person/irina-volkova"]


@pytest.mark.model
def test_quotes_a_colon_after_a_clause_with_a_verb_names_no_speaker(nlp):
    text = "Irina Volkova named the offer they got: “sign a contract or be deported.”"
    quotes = read_quotes(context_with_entities(nlp, text, PEOPLE))
    assert all(q.evidence.mechanism != "quote:colon-speaker" for q in quotes)


@pytest.mark.model
def test_quotes_a_chain_of_pronouns_keeps_its_referent_beyond_the_window(nlp):
    text = ("Irina Volkova came clutching photographs of her son. She said he had been promised a job. She has not "
            "heard from him since October. A neighbour told her he may have been killed. She called the hotline "
            "twice. “He sent me this photo,” she told the outlet.")
    assert [q.speaker for q in read_quotes(context_with_entities(nlp, text, PEOPLE))] == ["person/irina-volkova"]
    # a sentence with no such pronoun ends the chain
    broken = text.replace("She called the hotline twice.", "The hotline was closed for a week.")
    assert [q.speaker for q in read_quotes(context_with_entities(nlp, broken, PEOPLE))] != ["person/irina-volkova"]


@pytest.mark.model
def test_quotes_a_paragraph_that_is_a_quote_alone_continues_the_quote_before_it(nlp):
    text = ("The Federal Migration Council issued a statement on Monday.\n\n"
            "“The council has never recruited anyone,” the statement said.\n\n"
            "“At no point has the council issued visas to anyone going to the front.”")
    quotes = read_quotes(context_with_entities(nlp, text, PEOPLE))
    assert [(q.text[:10], q.speaker) for q in quotes] == [("The counci", "organization/federal-migration-council"),
                                                          ("At no poin", "organization/federal-migration-council")]


@pytest.mark.model
def test_quotes_people_of_a_nationality_speak_for_themselves_not_their_state(nlp):
    text = "The newspaper quoted some Cubans as saying they were there to “complete tasks at the front.”"
    ctx = context_with_entities(nlp, text, {**PEOPLE, "Cuba": EntityKind.COUNTRY})  # "Cubans" mentions Cuba
    assert [(q.speaker, q.attribution) for q in read_quotes(ctx)] == [(None, "Cubans")]


@pytest.mark.model
@pytest.mark.parametrize("verb", ["shared", "believes"])
def test_quotes_sharing_and_believing_after_a_quote_attribute_it(nlp, verb):
    text = f"“The recruiters come to the hostel every single week,” Irina Volkova {verb}."
    assert [q.speaker for q in read_quotes(context_with_entities(nlp, text, PEOPLE))] == ["person/irina-volkova"]


@pytest.mark.model
def test_quotes_a_name_and_a_speech_verb_the_parser_misread_after_a_quote_attribute_it(nlp):
    # the parser reads "Council notes" as a noun phrase; the spelling of "notes" still makes it the verb
    text = '"No agreement recognises as mercenaries those who serve in a regular army," Memorial notes.'
    ctx = context_with_entities(nlp, text, {**PEOPLE, "Memorial": EntityKind.ORGANIZATION})
    assert [q.speaker for q in read_quotes(ctx)] == ["organization/memorial"]


@pytest.mark.model
def test_quotes_a_speech_verb_with_an_object_of_its_own_says_what_was_done(nlp):
    text = ('According to the indictment, in order to "take part in an armed conflict as a mercenary," Daniyar Sadykov '
            '"concluded a contract with a foreign army" in April.')
    assert read_quotes(context_with_entities(nlp, text, PEOPLE)) == []


@pytest.mark.model
def test_quotes_in_straight_single_marks_end_after_a_word_when_they_are_statements(nlp):
    text = "'If this is what it takes to feed my family, I will do it', said Daniyar Sadykov."
    assert [(q.text[:10], q.speaker) for q in read_quotes(context_with_entities(nlp, text, PEOPLE))] == [
        ("If this is", "person/daniyar-sadykov")]
    # a plural's apostrophe before a comma opens and closes nothing
    plain = "The 'new rules' for the migrants', it seems, changed little, Daniyar Sadykov said."
    assert [text for text in (plain[s:e] for s, e in quoted_spans(plain)) if "migrants" in text] == []


@pytest.mark.model
def test_quotes_according_to_her_version_is_hers(nlp):
    text = ("Irina Volkova spoke on Friday. At the same time, according to her version, such a measure "
            "\"contradicts the constitution, since no person can be deprived of citizenship.\"")
    assert [q.speaker for q in read_quotes(context_with_entities(nlp, text, PEOPLE))] == ["person/irina-volkova"]


@pytest.mark.model
def test_quotes_a_quote_alone_after_a_phrase_someone_is_quoted_with_goes_on_in_their_words(nlp):
    text = ('Daniyar Sadykov, a lawyer, calls the measure "a trap for new citizens," which, according to him, '
            'will spread.\n"Citizenship is a bond between a person and the state, and this bond cannot be broken."')
    quotes = read_quotes(context_with_entities(nlp, text, PEOPLE))
    assert [(q.text[:11], q.speaker) for q in quotes] == [("Citizenship", "person/daniyar-sadykov")]


@pytest.mark.model
def test_quotes_a_name_in_quote_marks_is_no_statement(nlp):
    text = ("Citing the Ukrainian project, “Come Back Home Alive”, which urges recruits to surrender, "
            "Daniyar Sadykov said Kenya tops the list.")
    assert read_quotes(context_with_entities(nlp, text, PEOPLE)) == []
    spoken = "“I want to come back home alive,” Daniyar Sadykov said."
    assert [q.speaker for q in read_quotes(context_with_entities(nlp, spoken, PEOPLE))] == ["person/daniyar-sadykov"]


@pytest.mark.model
def test_quotes_who_is_said_to_have_noted_it_said_it(nlp):
    text = ("Reports quote Daniyar Sadykov as having stated that the list will help families. He is said to have "
            "noted that families could “contact the authorities to request the return of the bodies of the dead”.")
    assert [q.speaker for q in read_quotes(context_with_entities(nlp, text, PEOPLE))] == ["person/daniyar-sadykov"]


@pytest.mark.model
def test_quotes_what_someone_expressed_in_quote_marks_is_their_statement(nlp):
    text = "Daniyar Sadykov expressed, “We have returned home because the ministry helped us.”"
    assert [q.speaker for q in read_quotes(context_with_entities(nlp, text, PEOPLE))] == ["person/daniyar-sadykov"]
    concern = "Daniyar Sadykov expressed “deep concern” about the recruits."
    assert read_quotes(context_with_entities(nlp, concern, PEOPLE)) == []


def test_quotes_spans_a_quote_resumed_after_its_speaker_with_a_dash():
    text = ("“We have not caught them all,” Sadykov said. – And already 20 thousand “young” citizens are at the "
            "front. ”\nA dash – alone ” opens nothing.")
    quotes = [text[s:e] for s, e in quoted_spans(text)]
    assert quotes == ["We have not caught them all,", "And already 20 thousand “young” citizens are at the front. "]


@pytest.mark.model
def test_quotes_the_name_right_before_the_reporting_verb_and_a_counter_are_the_speakers(nlp):
    text = ("Officials “have already caught more than 30,000” new citizens who had avoided the army, the chief "
            "investigator Daniyar Sadykov said on Thursday. Her lawyers argued that she was a cook, but Irina Volkova "
            "countered that her work was ‘direct participation in hostilities against the state.’")
    quotes = read_quotes(context_with_entities(nlp, text, PEOPLE))
    assert [q.speaker for q in quotes] == ["person/daniyar-sadykov", "person/irina-volkova"]


def test_quotes_spans_a_paragraph_whose_opening_mark_was_lost_when_its_speaker_follows():
    text = ("The Center reported new cases.\nThe occupiers constantly exert pressure on men to sign contracts under "
            "threats,” the Center stated.\nMigrants were fined, and some were sent home,” officials in the city "
            "had warned in May.\nShe said it was a fine day.” Nothing more.")
    quotes = [text[s:e] for s, e in quoted_spans(text)]
    assert quotes == ["The occupiers constantly exert pressure on men to sign contracts under threats,",
                      "Migrants were fined, and some were sent home,"]


@pytest.mark.model
def test_quotes_a_speech_verb_with_no_speaker_gives_way_to_the_one_that_reports_it(nlp):
    text = ('A stop of a few hours in the plant\'s work threatens "losses of millions for the farms this autumn," '
            'the Federal Migration Council said.')
    (quote,) = read_quotes(context_with_entities(nlp, text, PEOPLE))
    assert quote.speaker == "organization/federal-migration-council"


@pytest.mark.model
def test_quotes_it_refers_to_the_subject_of_the_report_before(nlp):
    text = ("The Federal Migration Council rejected the findings. Raids went on all year, the report states. "
            "“Officers detained thousands of people without any cause,” it adds.")
    (quote,) = read_quotes(context_with_entities(nlp, text, PEOPLE))
    assert (quote.speaker, quote.attribution) == (None, "the report")


@pytest.mark.model
def test_quotes_the_quoted_complement_of_a_reported_copula_is_a_statement(nlp):
    said = 'Daniyar Sadykov said his son was "not a criminal," and asked for help.'
    term = 'Daniyar Sadykov said it was a "special military operation" and left.'
    assert [q.text for q in read_quotes(context_with_entities(nlp, said, PEOPLE))] == ["not a criminal"]
    assert read_quotes(context_with_entities(nlp, term, PEOPLE)) == []


def test_quotes_spans_of_a_quote_opened_after_a_colon_run_over_paragraphs_that_reopen_it():
    text = 'The minister wrote: "Our border guards stopped two men.\n"We will not allow this," she added.'
    assert [text[s:e] for s, e in quoted_spans(text)] == ["Our border guards stopped two men.",
                                                          "We will not allow this,"]
    # opened inside a line, not after a colon, the mark is a stray one: no quote runs to the line's end
    stray = 'The "minister stopped two men.\nShe left.'
    assert quoted_spans(stray) == []


def test_quotes_spans_a_single_quote_may_open_with_an_editors_insertion():
    text = "'[The prosecutors] were not able to provide any evidence,' he told reporters."
    assert [text[s:e] for s, e in quoted_spans(text)] == ["[The prosecutors] were not able to provide any evidence,"]


@pytest.mark.model
def test_quotes_a_quote_over_paragraphs_each_reopened_keeps_its_speaker(read_context):
    text = ('In a post on Telegram, Zelensky said: "Our soldiers captured two foreign fighters near Pokrovsk.\n'
            '"We have their documents and their bank cards.\n\n'
            '"We know there are many more of them in the occupiers\' units.\n'
            '"I have asked the foreign minister to contact their government at once."')
    quotes = read_quotes(read_context(text))
    assert len(quotes) == 4 and {q.speaker for q in quotes} == {"person/volodymyr-zelensky"}, quotes


@pytest.mark.model
@pytest.mark.parametrize("text", [
    # a term the sentence takes as the object of a preposition
    "The officials said the checks target persons declared as allegedly “citizens of Russia who renounced "
    "their Ukrainian citizenship”.",
    # the title of a law, after the noun that names it
    "President Tokayev signed the law “On amendments and additions to some legislative acts concerning "
    "citizenship”, his press service said.",
])
def test_quotes_a_quoted_term_or_a_laws_title_is_no_quote(read_context, text):
    assert read_quotes(read_context(text)) == []


@pytest.mark.model
def test_quotes_what_a_speaker_calls_a_document_is_still_a_quote(read_context):
    text = ("Ibrahim Hassan, a member of parliament, was quoted as calling the new regulations “important for the "
            "protection of the country's national security”.")
    assert [q.text for q in read_quotes(read_context(text))] == [
        "important for the protection of the country's national security"]


@pytest.mark.model
def test_quotes_a_phrase_a_plain_verb_takes_is_no_statement_of_the_source_named(read_context):
    text = ("According to the court's press office, the charges concerned “organizing the illegal crossing of the "
            "state border by foreign nationals.”")
    assert read_quotes(read_context(text)) == []
    spoken = ("According to the court's press office, “the defendants organized the illegal crossing of the state "
              "border by foreign nationals.”")
    assert len(read_quotes(read_context(spoken))) == 1
    purpose = ("According to the court's press office, the networks recruit foreign students “to fill the ranks "
               "without announcing another wave of mobilisation.”")
    assert len(read_quotes(read_context(purpose))) == 1


@pytest.mark.model
def test_quotes_a_sentence_of_narration_between_two_quotes_ends_the_continuation(nlp):
    text = ("Daniyar Sadykov spoke. “We were given no choice,” Sadykov said. Irina Volkova blames the agency for "
            "the delays. “They took our passports at the door.”")
    quotes = read_quotes(context_with_entities(nlp, text, PEOPLE))
    assert [q.speaker for q in quotes if q.text.startswith("They took")] in ([], [None])
    assert [q.speaker for q in quotes if q.text.startswith("We were")] == ["person/daniyar-sadykov"]


@pytest.mark.model
def test_quotes_an_unnamed_officer_of_a_body_speaks_for_it_in_the_articles_words(read_context):
    text = ("The Federal Migration Council has opened a case against three agencies.\n\n"
            "“The workers were sent to the front against their will,” said a senior Federal Migration "
            "Council officer.\n\n"
            "Searches were held in four cities, the officer added.\n\n"
            "“More arrests are expected this week,” he said.")
    quotes = read_quotes(read_context(text))
    assert [(q.speaker, q.attribution) for q in quotes] == [
        ("organization/federal-migration-council", "a senior Federal Migration Council officer"),
        (None, "the officer")]


def test_quotes_spans_a_closing_mark_that_opens_a_line_opens_its_quote():
    text = "” We want our sons back”, said the mother.\n” And nobody answers us.”\nHe said ” no”."
    assert [text[s:e] for s, e in quoted_spans(text)] == [" We want our sons back", " And nobody answers us."]


@pytest.mark.model
def test_quotes_a_quote_after_a_report_of_what_was_said_goes_on_with_its_speaker(nlp):
    text = ("Irina Volkova said as she stood outside the embassy that she had sold everything.\n\n"
            "” We also took out a loan on our house.”")
    quotes = read_quotes(context_with_entities(nlp, text, PEOPLE))
    assert [(q.text.rstrip("."), q.speaker) for q in quotes] == [
        ("We also took out a loan on our house", "person/irina-volkova")]


@pytest.mark.model
def test_quotes_the_year_old_the_parser_leaves_in_pieces_is_the_person_named_before(nlp):
    text = ("Irina Volkova lives on a dirt road at the edge of town.\n\n"
            "“You can count on one hand those who are left,” the 42-year-old said as she looked down the "
            "street.")
    quotes = read_quotes(context_with_entities(nlp, text, PEOPLE))
    assert [q.speaker for q in quotes] == ["person/irina-volkova"]


@pytest.mark.model
def test_quotes_a_quote_after_a_report_and_a_sentence_naming_no_one_goes_on_with_its_speaker(nlp):
    text = ("Since spring, calls from workers threatened with deportation have multiplied, lawyer Irina "
            "Volkova told reporters. This included people from several regions.\n\n"
            "“We have seen men given a contract and a pen at the same desk.”")
    quotes = read_quotes(context_with_entities(nlp, text, PEOPLE))
    assert [q.speaker for q in quotes] == ["person/irina-volkova"]
    # a sentence between that names someone else breaks the thread
    text = text.replace("This included people from several regions.",
                        "Daniyar Sadykov runs a shelter in the city.")
    assert read_quotes(context_with_entities(nlp, text, PEOPLE)) == []


@pytest.mark.model
def test_quotes_a_quote_after_a_paragraph_told_according_to_a_source_is_the_sources(nlp):
    text = ("According to the Federal Migration Council, the student had a study visa. But once in Russia, "
            "he was sent to the front.\n"
            "‘He was forced to sign a contract and was wounded within a month.’")
    quotes = read_quotes(context_with_entities(nlp, text, PEOPLE))
    assert [q.speaker for q in quotes] == ["organization/federal-migration-council"]
    # a source in another paragraph, before a blank line and a paragraph of narration, is not the speaker
    text = text.replace(" But once", "\n\nBut once")
    assert read_quotes(context_with_entities(nlp, text, PEOPLE)) == []
