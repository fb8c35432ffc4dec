"""Candidate mentions and their arguments, on real spaCy parses."""

from __future__ import annotations

from typing import Any

from tests.pipeline.parsing import mentions, texts
from workers.pipeline.mentions import find_mentions


def test_verb_with_subject_object_and_preposition(nlp: Any) -> None:
    found = mentions(nlp, "Turkey accused Syria of shelling its border villages.")
    accused = found["accused"]
    assert texts(accused.sources) == ["Turkey"]
    assert texts(accused.targets) == ["Syria"]
    assert accused.modality == "asserted"


def test_light_verb_hands_the_event_to_its_noun(nlp: Any) -> None:
    found = mentions(nlp, "Russia launched air strikes against Islamic State in Syria.")
    assert "launched" not in found
    strikes = found["strikes"]
    assert texts(strikes.sources) == ["Russia"]
    assert "Islamic State" in texts(strikes.targets)
    found = mentions(nlp, "Germany imposed sanctions on Iran.")
    assert texts(found["sanctions"].targets) == ["Iran"]


def test_passive_voice_puts_the_agent_first(nlp: Any) -> None:
    found = mentions(nlp, "The claim was disputed by the United States and France.")
    disputed = found["disputed"]
    assert texts(disputed.sources) == ["the United States", "France"]
    assert texts(disputed.targets) == ["The claim"]


def test_reported_speech_keeps_the_speaker(nlp: Any) -> None:
    found = mentions(nlp, "Lavrov said Russia backed UN efforts.")
    assert "said" not in found
    backed = found["backed"]
    assert texts(backed.sources) == ["Russia"]
    assert backed.modality == "reported"
    assert backed.reporter is not None and backed.reporter.text == "Lavrov"


def test_quote_attributed_after_it(nlp: Any) -> None:
    found = mentions(nlp, '"We will continue fighting them," Lavrov said.')
    fighting = found["fighting"]
    assert fighting.reporter is not None and fighting.reporter.text == "Lavrov"
    assert fighting.modality == "future"


def test_speech_to_an_addressee_is_a_candidate(nlp: Any) -> None:
    found = mentions(nlp, "Lavrov told the Security Council that Russia was ready.")
    assert texts(found["told"].targets) == ["the Security Council"]


def test_opinion_alone_is_no_event(nlp: Any) -> None:
    assert mentions(nlp, "We believe that this is necessary.") == {}
    assert mentions(nlp, "The situation remains complex, the minister said.") == {}


def test_what_is_borne_in_mind_or_taken_into_account_is_no_event(nlp: Any) -> None:
    text = "Naturally, we bear in mind that such coordination is needed, Lavrov said."
    assert "bear" not in mentions(nlp, text)
    text = "The government will take into account the concerns of Kenya."
    assert "take" not in mentions(nlp, text)
    # Bearing the cost of something is not minding it.
    assert "bear" in mentions(nlp, "Germany will bear the cost of the mission in Mali.")


def test_a_noun_the_tagger_took_for_a_verb_is_no_event(nlp: Any) -> None:
    text = "The talks touched on readiness and resolve for joint action against rebels."
    assert "resolve" not in mentions(nlp, text)
    text = "The statement spoke of unity and resolve against the rebels."
    assert "resolve" not in mentions(nlp, text)
    # Verbs indeed: the same form on both sides, or a past tense with an object.
    assert "resolve" in mentions(nlp, "The ministers will meet and resolve the row.")
    text = "The government gave in to pressure from farmers and cut fuel prices."
    assert "cut" in mentions(nlp, text)


def test_compound_subjects_stay_one_mention(nlp: Any) -> None:
    found = mentions(nlp, "Russia and the United States held talks in Geneva.")
    assert list(found) == ["talks"]
    assert texts(found["talks"].sources) == ["Russia", "the United States"]


def test_participation_in_talks_between_parties(nlp: Any) -> None:
    text = (
        "Neither Russia nor the USA will participate in the talks between the "
        "Syrian government and opposition."
    )
    talks = mentions(nlp, text)["talks"]
    assert texts(talks.sources) == ["Russia", "the USA"]
    assert "the Syrian government" in texts(talks.targets)
    assert talks.modality == "negated"


def test_candidates_stay_few(nlp: Any) -> None:
    doc = nlp(
        "Russian Foreign Minister Sergey Lavrov will hold discussions on Syria with "
        "his US counterpart John Kerry on Sunday in New York on the sidelines of the "
        "UN General Assembly, which opened on Tuesday amid growing concern."
    )
    found = [m for s in doc.sents for m in find_mentions(s)]
    assert 1 <= len(found) <= 3
    discussions = next(m for m in found if m.trigger.text == "discussions")
    assert discussions.modality == "future"
    assert "his US counterpart John Kerry" in texts(discussions.targets)


def test_demand_addressed_through_its_complement(nlp: Any) -> None:
    text = "The PRC demanded that the US cancel plans to sell weapons to Taiwan."
    found = mentions(nlp, text)
    demanded = found["demanded"]
    assert texts(demanded.sources) == ["The PRC"]
    assert texts(demanded.targets) == ["the US"]
    # The content of the demand is not an event of its own.
    assert "cancel" not in found and "sell" not in found


def test_purpose_clause_names_the_target(nlp: Any) -> None:
    text = "Students staged rallies to demand the resignation of President Ben Bella."
    rallies = mentions(nlp, text)["rallies"]
    assert texts(rallies.sources) == ["Students"]
    # The phrase is the demand's object; the actor in it is found when resolving.
    assert texts(rallies.targets) == ["the resignation"]


def test_an_obligation_told_is_the_speakers_demand(nlp: Any) -> None:
    text = "Russia said on Tuesday that Sudan must return the captured helicopter."
    returned = mentions(nlp, text)["return"]
    assert texts(returned.sources) == ["Russia"]
    assert texts(returned.targets) == ["Sudan"]
    assert returned.first is not None and returned.first.text == "must"
    assert returned.reporter is None
    start, end = returned.trigger_chars()
    assert text[start:end] == "must return"


def test_an_obligation_reaches_the_verb_it_completes(nlp: Any) -> None:
    text = "Egypt said the US must be ready to mediate between the two sides."
    mediate = mentions(nlp, text)["mediate"]
    assert texts(mediate.sources) == ["Egypt"] and texts(mediate.targets) == ["the US"]
    assert mediate.first is not None and mediate.first.text == "must"


def test_an_obligation_in_a_message_is_its_senders_demand(nlp: Any) -> None:
    text = "Germany sent a message to Belarus that it must free the journalists."
    free = mentions(nlp, text)["free"]
    assert texts(free.sources) == ["Germany"] and texts(free.targets) == ["it"]
    assert free.first is not None and free.first.text == "must"


def test_a_demand_made_again_is_addressed_through_its_clause(nlp: Any) -> None:
    text = "The IMF repeated its demand that Argentina cut public spending."
    repeated = mentions(nlp, text)["repeated"]
    assert "Argentina" in texts(repeated.targets)


def test_a_demand_clause_hung_on_the_verb_is_addressed_and_no_event(
    nlp: Any,
) -> None:
    text = "The union renewed its call yesterday that the ministry reopen the schools."
    found = mentions(nlp, text)
    assert "the ministry" in texts(found["call"].targets)
    assert "reopen" not in found


def test_an_obligation_to_hold_an_event_is_the_speakers_demand(nlp: Any) -> None:
    text = "Germany said on Tuesday that Armenia and Azerbaijan must hold talks."
    talks = mentions(nlp, text)["talks"]
    assert texts(talks.sources) == ["Germany"]
    assert texts(talks.targets) == ["Armenia", "Azerbaijan"]
    assert talks.first is not None and talks.first.text == "must"
    alone = mentions(nlp, "Armenia and Azerbaijan must hold talks.")["talks"]
    assert alone.first is None


def test_a_participle_describing_people_is_no_event(nlp: Any) -> None:
    text = "Kenya closed its border to refugees fleeing the fighting in Somalia."
    found = mentions(nlp, text)
    assert "closed" in found and "fleeing" not in found
    text = "The army freed hostages held by the rebels since March."
    assert "held" not in mentions(nlp, text)


def test_a_participle_parsed_as_the_subject_describes_its_noun(nlp: Any) -> None:
    # The parser makes "operating" the subject of "said" and "Red Cross" its own.
    text = "The Red Cross operating in Iraq said US forces must ensure security."
    found = mentions(nlp, text)
    assert "operating" not in found
    ensure = found["ensure"]
    assert texts(ensure.sources) == ["The Red Cross"]
    assert texts(ensure.targets) == ["US forces"]


def test_a_closing_speaker_taken_for_an_apposition_reports_the_clause(
    nlp: Any,
) -> None:
    # The parser hangs "a human rights group protested" on "refugees".
    text = (
        "Croatian authorities are failing to protect the refugees, a human rights "
        "group protested here Wednesday."
    )
    found = mentions(nlp, text)
    protect = found["protect"]
    assert texts(protect.targets) == ["the refugees"]
    assert protect.reporter is not None
    assert protect.reporter.text == "a human rights group"
    # A complaint is the group's own act against the main clause's subject.
    protested = found["protested"]
    assert texts(protested.sources) == ["a human rights group"]
    assert texts(protested.targets) == ["Croatian authorities"]


def test_a_texts_participle_says_what_the_text_does(nlp: Any) -> None:
    text = "Parliament passed a law banning the opposition party."
    banning = mentions(nlp, text)["banning"]
    assert texts(banning.sources) == ["Parliament"]


def test_an_obligation_nobody_lays_stays_an_ordinary_event(nlp: Any) -> None:
    returned = mentions(nlp, "Sudan must return the captured helicopter.")["return"]
    assert texts(returned.sources) == ["Sudan"] and returned.first is None


def test_a_refusal_is_the_event_and_names_whom_it_refuses(nlp: Any) -> None:
    found = mentions(nlp, "The Israeli president refused to meet the Jordanian king.")
    refused = found["refused"]
    assert texts(refused.sources) == ["The Israeli president"]
    assert texts(refused.targets) == ["the Jordanian king"]
    assert "meet" not in found


def test_a_declined_light_verb_event_is_not_an_event_of_its_own(nlp: Any) -> None:
    found = mentions(nlp, "Iran declined to hold talks with the United States.")
    assert "talks" not in found
    declined = found["declined"]
    assert texts(declined.sources) == ["Iran"]
    assert "the United States" in texts(declined.targets)


def test_what_a_demand_or_an_offer_asks_for_is_no_event_of_its_own(nlp: Any) -> None:
    found = mentions(
        nlp, "The opposition demanded early elections and a new constitution."
    )
    assert "demanded" in found and "elections" not in found
    found = mentions(
        nlp, "The president rejected an offer from Uganda to host a summit."
    )
    assert "rejected" in found and "host" not in found and "summit" not in found
    found = mentions(nlp, "Activists called for sanctions against the junta.")
    assert "sanctions" not in found


def test_a_demand_that_is_answered_is_the_answers_object(nlp: Any) -> None:
    found = mentions(nlp, "The government accepted demands from the striking miners.")
    assert "accepted" in found and "demands" not in found
    found = mentions(nlp, "Israel agreed to US mediation in the dispute.")
    assert "agreed" in found and "mediation" not in found
    text = "The junta conceded to calls from the African Union for a referendum."
    found = mentions(nlp, text)
    assert "conceded" in found and "calls" not in found


def test_the_grounds_of_an_accusation_are_no_event(nlp: Any) -> None:
    found = mentions(nlp, "Turkey accused Syria of shelling its border villages.")
    assert "accused" in found and "shelling" not in found
    text = "Police arrested two journalists for spying on the army."
    assert "spying" not in mentions(nlp, text)
    # Not every "for" with a gerund: using a bridge passes no judgement.
    found = mentions(nlp, "The rebels used the bridge for attacking the town.")
    assert "attacking" in found


def test_a_hyphenated_verb_is_one_trigger(nlp: Any) -> None:
    text = "The US is trying to re-engage Russia in efforts to end the war."
    found = mentions(nlp, text)
    assert "re" not in found and "-" not in found
    start, end = found["engage"].trigger_chars()
    assert text[start:end] == "re-engage"


def test_what_an_act_noun_falls_on_is_its_of_phrase(nlp: Any) -> None:
    text = "Turkey launched its invasion of northern Cyprus at dawn."
    assert "northern Cyprus" in texts(mentions(nlp, text)["invasion"].targets)
    text = "Israel held a meeting of cabinet ministers on Sunday."
    assert "cabinet ministers" not in texts(mentions(nlp, text)["meeting"].targets)


def test_an_attempt_is_an_event_and_background_verbs_are_not(nlp: Any) -> None:
    found = mentions(nlp, "Gunmen made an attempt to kill the governor on Monday.")
    assert "kill" in found
    found = mentions(
        nlp, "A militia based in the hills attacked the town, according to police."
    )
    assert "based" not in found and "according" not in found and "attacked" in found


def test_an_issued_ultimatum_is_the_event_and_lifting_is_the_verb(nlp: Any) -> None:
    found = mentions(nlp, "Lima issued an ultimatum to Quito to stop the raids.")
    assert "ultimatum" in found and "issued" not in found
    assert texts(found["ultimatum"].sources) == ["Lima"]
    found = mentions(nlp, "The army lifted the curfew in the capital.")
    assert "lifted" in found and "curfew" not in found


def test_completing_an_event_hands_it_over_but_calling_it_off_does_not(
    nlp: Any,
) -> None:
    found = mentions(nlp, "The rebels completed their withdrawal from the valley.")
    assert "withdrawal" in found and "completed" not in found
    assert "The rebels" in texts(found["withdrawal"].sources)
    found = mentions(nlp, "The dock workers' union called off the strike at the port.")
    assert "called" in found and "strike" not in found


def test_a_demand_noun_is_addressed_through_its_clause(nlp: Any) -> None:
    text = (
        "The teachers insisted on their demands that the ministry reopen the schools."
    )
    demands = mentions(nlp, text)["demands"]
    assert "the ministry" in texts(demands.targets)


def test_seeking_a_thing_is_an_event_seeking_to_act_is_not(nlp: Any) -> None:
    found = mentions(nlp, "Thousands of Afghan families sought asylum in Canada.")
    assert "sought" in found
    found = mentions(nlp, "The central bank sought to calm the markets on Monday.")
    assert "sought" not in found


def test_a_said_readiness_is_reported_intent(nlp: Any) -> None:
    send = mentions(nlp, "Kenya says it is willing to send police officers to Haiti.")[
        "send"
    ]
    assert send.reporter is not None and send.reporter.text == "Kenya"
    assert send.modality == "future"


def test_an_aim_names_the_target_beside_an_object_that_is_no_actor(nlp: Any) -> None:
    found = mentions(
        nlp,
        "Farmers blocked roads into the capital to press their demands on the "
        "government.",
    )
    assert "the government" in texts(found["blocked"].targets)


def test_a_closing_said_hung_on_the_clause_still_names_its_speaker(nlp: Any) -> None:
    found = mentions(
        nlp,
        "The United Nations will provide nearly 25,000 tons of emergency food aid "
        "to refugees fleeing the civil war in Liberia, the World Food Program (WFP) "
        "said on Monday.",
    )
    provide = found["provide"]
    assert provide.reporter is not None
    assert provide.reporter.text.startswith("the World Food Program")
    found = mentions(nlp, "Rebels attacked the town and said they would fight on.")
    assert found["attacked"].reporter is None


def test_the_one_quoted_as_saying_is_the_speaker(nlp: Any) -> None:
    found = mentions(
        nlp,
        "The king was quoted today as saying he would be ready to host a meeting "
        "between the two factions.",
    )
    meeting = found["meeting"]
    assert meeting.reporter is not None and meeting.reporter.text == "The king"


def test_a_main_clause_taken_for_a_participle_is_still_the_event(nlp: Any) -> None:
    text = (
        "Farmers in Punjab resorted to blocking highways during protests against "
        "the new tax, police said."
    )
    found = mentions(nlp, text)
    assert "Farmers" in texts(found["protests"].sources)


def test_withholding_a_thing_is_an_event_denying_a_deed_is_not(nlp: Any) -> None:
    found = mentions(nlp, "The ministry denied visas to the Russian delegation.")
    assert "the Russian delegation" in texts(found["denied"].targets)
    found = mentions(nlp, "The rebels denied that they had attacked the convoy.")
    assert "denied" not in found and found["attacked"].modality == "negated"


def test_whom_a_refused_leave_was_for_is_the_target(nlp: Any) -> None:
    text = "The junta refused to let foreign journalists enter the country."
    found = mentions(nlp, text)
    assert "foreign journalists" in texts(found["refused"].targets)


def test_a_sentence_left_with_a_noun_root_keeps_its_acts_and_subject(
    nlp: Any,
) -> None:
    text = (
        "Nurses from two British charities donated and personally delivered blankets "
        "to refugees in Lebanon."
    )
    found = mentions(nlp, text)
    assert texts(found["donated"].sources) == ["Nurses from two British charities"]


def test_talks_travelled_for_are_held_by_the_travellers(nlp: Any) -> None:
    found = mentions(
        nlp, "Iranian and Saudi envoys returned to Baghdad on Sunday for negotiations."
    )
    assert texts(found["negotiations"].sources) == ["Iranian and Saudi envoys"]
    # "Called for talks": what is asked for has no holders yet.
    found = mentions(nlp, "The opposition called on Monday for negotiations.")
    assert "negotiations" not in found or not found["negotiations"].sources


def test_whom_an_act_was_settled_with_is_its_target_when_its_object_is_no_party(
    nlp: Any,
) -> None:
    found = mentions(
        nlp, "The teachers' union called off its strike after talks with the cabinet."
    )
    assert "the cabinet" in texts(found["called"].targets)
    # An object that is a party keeps the act to itself.
    found = mentions(nlp, "The army shelled the town after talks with the rebels.")
    assert texts(found["shelled"].targets) == ["the town"]


def test_issuing_a_text_that_says_what_happens_is_no_event(nlp: Any) -> None:
    found = mentions(
        nlp, "The rebel front issued a statement demanding that Kenya free its leader."
    )
    assert "issued" not in found and "demanding" in found
    found = mentions(
        nlp, "Chile will send troops to Haiti, a communique released by the army said."
    )
    assert "released" not in found


def test_a_measured_out_event_noun_is_the_event(nlp: Any) -> None:
    found = mentions(nlp, "Sudan and Chad held three rounds of negotiations in Doha.")
    assert "held" not in found
    assert texts(found["negotiations"].sources) == ["Sudan", "Chad"]
    found = mentions(nlp, "Police units were engaged in ethnic cleansing in the north.")
    assert texts(found["cleansing"].sources) == ["Police units"]


def test_whom_a_push_is_for_is_its_target(nlp: Any) -> None:
    found = mentions(nlp, "Germany is pressing for France to back the proposal.")
    assert "France" in texts(found["pressing"].targets)


def test_a_journey_for_an_event_is_that_event(nlp: Any) -> None:
    text = "Iranian and European diplomats will return to Vienna next week for talks."
    found = mentions(nlp, text)
    assert "return" not in found
    assert texts(found["talks"].sources) == ["Iranian and European diplomats"]
    # Meeting is an event of its own as well as the talks it is for.
    found = mentions(nlp, "The two foreign ministers met in Oslo for talks.")
    assert {"met", "talks"} <= set(found)


def test_a_bare_number_counts_the_acts_targets(nlp: Any) -> None:
    text = "Police fired tear gas at students in Dhaka, injuring 30 and detaining 15."
    found = mentions(nlp, text)
    # Resolution keeps the actors among them ("students", not "tear gas" or "15").
    assert "students" in texts(found["injuring"].targets)
    assert "students" in texts(found["detaining"].targets)
