"""Deterministic intents: what a message means whatever the statistical classifier guessed."""

from __future__ import annotations

import pytest

from bot.core.form_answers import FormAnswers

pytestmark = pytest.mark.rasa  # the component module imports Rasa


@pytest.fixture(scope="module")
def answers() -> FormAnswers:
    return FormAnswers.load()


@pytest.mark.parametrize(("text", "predicted", "expected"), [
    ("end the plan", "nlu_fallback", "stop"),
    ("stop the safety plan", "nlu_fallback", "stop"),
    ("quit this form", "guidance", "stop"),
    ("i want to end the check-in", "nlu_fallback", "stop"),
    # a warning sign that begins "when I ..." is no question about storing data
    ("when I stop sleeping and stop answering texts", "withdraw_consent", None),
    ("should I come off my venlafaxine?", "stage_treatment", "ask_medication"),
    ("im gonna quit my meds", "stage_maintenance", "ask_medication"),
    ("my psychiatrist upped my dose last week", "stage_treatment", None),  # where they are, not a question
    # ... but a side effect told since, or missed doses, are about the medicine
    ("gp upped my dose and now i'm shaky all day", "stage_treatment", "ask_medication"),
    ("skipped a couple of my tablets over the weekend, what now", "stage_treatment", "ask_medication"),
    ("remind me to take my pills at 9pm?", "ask_medication", "set_reminder"),
    ("which reminders are on?", "stop_reminders", "list_reminders"),
    ("please shut that reminder off", "set_reminder", "stop_reminders"),
    ("my time zone is Asia/Kolkata", "set_country", "change_reminder"),
    ("I'm on Lisbon time", "nlu_fallback", "change_reminder"),
    ("actually no keep storing it", "withdraw_consent", "give_consent"),  # a change of mind straight after
    ("thought record", "start_checkin", "coping_walkthrough"),  # a coping step's name alone
    ("another one", "start_gad7", "ask_coping"),
    ("coping ideas", "make_safety_plan", "ask_coping"),
    ("can u give me some coping ideas first", "start_checkin", "ask_coping"),
    ("Coping tips please", "nlu_fallback", "ask_coping"),
    ("my coping ideas are walking and music", "inform", None),
    ("😭😭😭", "nlu_fallback", "share_feeling"),  # a feeling in emoji alone
    ("Yes, I believe that is a fair description, thank you.", "thanks", "affirm"),
    ("I've been well for about six years now, just want a quick check-in", "stage_maintenance", "start_checkin"),
    ("actually change the anxiety to 3", "change_reminder", "start_checkin"),  # not a reminder at 3
    ("export my data", "inform", "request_data_export"),  # at a plan step too: a command, not an answer
    ("what was my phq9 score", "start_phq9", "ask_progress"),  # a past score, not the questionnaire again
    ("can I do the phq9", "start_phq9", None),
    ("what's the score in the match", "out_of_scope", None),
    ("wipe everything about me", "inform", "request_data_deletion"),
    ("delete his number from my phone", "inform", None),
    ("i'm in a bad place at the moment", "share_feeling", None),
    ("yes you can keep my reminders", "give_consent", None),
    ("lets try the grounding exercise", "ask_coping", "coping_walkthrough"),
    ("The second one, please.", "give_consent", "coping_walkthrough"),
    ("the last one on the list", "show_appointment_notes", "coping_walkthrough"),
    ("I can't sleep", "stage_treatment", None),
    ("Yes. Gone, all of it.", "nlu_fallback", "affirm"),
    ("yes", "affirm", None),
    ("help now", "greet", "crisis_help"),
    ("what happens if I agree to you storing things?", "give_consent", "ask_privacy"),
    ("can my GP read this chat", "ask_medication", "ask_privacy"),
    ("alright lets do my check-in", "ask_coping", "start_checkin"),
    ("I'd like to check in with my friend later", "inform", None),
    ("could we start a relapse prevention plan", "nlu_fallback", "make_relapse_plan"),
    ("let me see my safety plan", "make_safety_plan", "show_safety_plan"),
    ("I consent to data storage.", "nlu_fallback", "give_consent"),
    ("ok fine, you can save my check-ins", "affirm", "give_consent"),
    ("you have my permission to store my data", "nlu_fallback", "give_consent"),
    ("do you remember what I told you last time?", "give_consent", "ask_privacy"),  # a question, not a yes
    ("is this saved?", "give_consent", "ask_privacy"),
    ("show my check-ins", "inform", "ask_progress"),
    ("what gets deleted exactly?", "request_data_deletion", "ask_privacy"),  # never a yes to deleting
    ("can you delete my data?", "request_data_deletion", "request_data_deletion"),
    ("hang on, let me think", "give_consent", "nlu_fallback"),
    ("I stopped taking my antidepressants 3 days ago", "nlu_fallback", "ask_medication"),
    ("is it ok to double up if i forgot yesterday", "nlu_fallback", "ask_medication"),
    ("i feel sick from my meds", "share_feeling", "ask_medication"),
    ("i ran out of my meds", "nlu_fallback", "ask_medication"),
    ("change the meds one to 10am", "change_reminder", None),  # one of the reminders, not a medicine
    ("Yes, you may store my information.", "affirm", "give_consent"),
    ("save my plan", "nlu_fallback", None),
    ("please stop storing my stuff", "give_consent", "withdraw_consent"),
    ("I do not consent to you keeping anything", "give_consent", "withdraw_consent"),
    ("can i take my sertraline twice today since i forgot yesterday", "inform", "ask_medication"),
    ("the new tablets are making me so dizzy", "share_feeling", "ask_medication"),
    ("i take my meds twice a day", "inform", None),
    ("I agree", "affirm", None),  # a yes to whatever was asked, not consent in so many words
    ("I agree with what my therapist said", "inform", None),
    ("Thank you, you have been most helpful.", "nlu_fallback", "thanks"),
    ("thanks but what about my reminders", "list_reminders", "list_reminders"),
    # a crisis plan is the safety plan, not a request for the crisis lines
    ("my counsellor wants me to do a crisis plan, can we make it now?", "crisis_help", "make_safety_plan"),
    ("where is my crisis plan", "crisis_help", "show_safety_plan"),
    ("is there a crisis line I can ring?", "inform", "crisis_help"),
    # "to see" and "keep ...ing" are no questions about who reads the data
    ("ok start the quiz to see what my stage is", "inform", None),
    ("why do you keep saying the same thing", "inform", "bot_feedback"),
    ("do you keep what I write?", "inform", "ask_privacy"),
    # a yes that names the storing, whatever came between
    ("ye fine save it idc", "affirm", "give_consent"), ("yes please you can save my data", "affirm", "give_consent"),
    ("yes keep it", "affirm", None),
    # how they feel, when the classifier could make nothing of it; never a place or a game
    ("my son is 3 months old and I just feel so empty", "nlu_fallback", "share_feeling"),
    ("been feeling really flat for weeks", "nlu_fallback", "share_feeling"),
    ("I'm down the pub", "nlu_fallback", None), ("I'm stuck on this level", "nlu_fallback", None),
    # asking how to delete is asking for the deletion (which asks before deleting); "gone" is a word for it
    ("how do i get rid of all my info on here", "faq", "request_data_deletion"),
    ("I want my whole history gone", "request_data_deletion", None), ("how can I clear my head", "guidance", None),
    ("could you not remember anything from now on", "withdraw_consent", "withdraw_consent"),
    # stopping in other words, whatever the classifier was sure of; a bare "leave it" or "I changed my mind" stays
    ("ugh, leave it. not in the mood for this", "inform", "stop"),
    ("please end it, i've changed my mind", "stop", "stop"),
    ("can we leave this for now", "inform", "stop"), ("leave it", "deny", None), ("I changed my mind", "inform", None),
    # a copy of one's data is asked for with a word for it; apps deleted elsewhere are no deletion here
    ("my dad told me to download this", "request_data_export", "nlu_fallback"),
    ("I'm done with dating apps, deleting them all", "request_data_deletion", "nlu_fallback"),
    ("export my data", "request_data_export", "request_data_export"),
    ("can i export my playlist to spotify", "request_data_export", "nlu_fallback"),
    ("my phone storage is full, how do i delete stuff", "request_data_deletion", "nlu_fallback"),
    ("delete everything you have on me", "request_data_deletion", "request_data_deletion"),
    # a dose by its strength, a drink "while on it", panic attacks told
    ("my doctor said to go up to 150mg, is that a lot?", "nlu_fallback", "ask_medication"),
    ("is it ok to have a couple beers at my mates birthday while on it", "nlu_fallback", "ask_medication"),
    ("im getting really bad headaches and feel sick since starting, is that normal", "faq", "ask_medication"),
    ("they upped me from 50 to 100mg and i feel weird, can i just go back to 50", "share_feeling", "ask_medication"),
    ("i want to stop taking it altogether tbh, i feel fine now", "share_good_day", "ask_medication"),
    ("my boss upped me to 40 hours, can i say no", "share_feeling", None),
    ("is my medication reminder still on?", "set_reminder", "list_reminders"),
    ("are my reminders still set", "change_reminder", "list_reminders"),
    ("i get headaches since i started uni", "share_feeling", None),
    ("i've been having panic attacks at work, like 3 this week", "nlu_fallback", "share_feeling"),
    # asking the bot to call someone: the lines, with "I can't make calls" (not what the bot can do)
    ("can you call someone for me", "what_can_you_do", "crisis_help"),
    ("could u ring an ambulance", "faq", "crisis_help"), ("can you call me names lol", "share_feeling", None),
])
def test_intent_for(answers: FormAnswers, text: str, predicted: str, expected: str | None) -> None:
    assert answers.intent_for(text, predicted, 0.7) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Is there an out of hours number if things get worse over the weekend?", "crisis_help"),
    ("who do i ring at night if it gets bad", "crisis_help"),
    ("what happens if I need someone when the clinic is shut?", "crisis_help"),
    ("my sister calls me every weekend", None),
    ("can you remind me to call my mum at the weekend?", "set_reminder"),
    ("i sleep badly at night, any tips?", None),
])
def test_asking_who_to_call_out_of_hours_gets_the_crisis_lines(answers: FormAnswers, text: str,
                                                               expected: str | None) -> None:
    assert answers.intent_for(text, "faq", 0.5) == expected


@pytest.mark.parametrize(("text", "expected"), [("what crisis line would I call here?", "crisis_help"),
                                              ("which helpline is open at night?", "crisis_help"),
                                              ("can you give me some examples?", "inform"),
                                              ("I rang the crisis line last night and it helped", None)])
def test_a_question_naming_the_lines_asks_for_them_not_about_a_step(answers: FormAnswers, text: str,
                                                                    expected: str | None) -> None:
    assert answers.intent_for(text, "crisis_help", 0.6) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # preventing or preparing for a crisis is the question about it, not a request for the lines
    ("what can I do to prevent a crisis", None), ("how to prepare for a mental health crisis", None),
    ("Is there anything I can do now to avoid another crisis later?", None),
    ("how do I stop ending up in crisis again?", None),
    # being in one, or its line, number or team, asks for the lines
    ("what do i do in a crisis?", "crisis_help"), ("any crisis numbers?", "crisis_help"),
    ("who is the crisis team here?", "crisis_help"),
])
def test_a_question_about_preventing_a_crisis_is_not_a_request_for_the_lines(answers: FormAnswers, text: str,
                                                                              expected: str | None) -> None:
    assert answers.intent_for(text, "faq", 0.9) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("what time will the check-in one come?", "list_reminders"),
    ("when does my meds reminder go off", "list_reminders"),
    ("whens the meds one, can you make it 9pm?", None), ("when will my mood get better", None),
])
def test_asking_when_a_reminder_comes_lists_them(answers: FormAnswers, text: str, expected: str | None) -> None:
    assert answers.intent_for(text, "start_checkin", 0.7) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("ok stop the check-in, i need help now", "crisis_help"),
    ("sorry can you just give me the crisis line", "crisis_help"),
    ("I need help now please, its really bad", "crisis_help"),
    ("the crisis line number please", "crisis_help"),
    ("Ayuda ahora por favor, necesito un número de crisis", "crisis_help"),
    ("Hilfe bitte", "crisis_help"),
    ("aide moi maintenant", "crisis_help"), ("ajuda agora", "crisis_help"),
    ("I rang the crisis line last night and it helped", None),
    ("my essay on crisis lines is due", None),
    ("i was diagnosed by my gp and got a prescription, so im getting help now i guess", None),
    ("my mum is getting help now for her anxiety", None),
])
def test_help_now_inside_a_longer_message_gets_the_crisis_lines(answers: FormAnswers, text: str,
                                                                expected: str | None) -> None:
    assert answers.intent_for(text, "faq", 0.5) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("I am not safe", "crisis"), ("im in danger", "crisis"), ("i don't feel safe right now", "crisis"),
    ("its not safe at home", "crisis"), ("I don't feel safe driving in snow", None),
    ("I'm not okay", "share_feeling"), ("honestly im really not ok", "share_feeling"),
    ("im not ok with that", None),
])
def test_saying_they_are_not_safe_is_a_crisis_and_not_okay_is_a_feeling(answers: FormAnswers, text: str,
                                                                        expected: str | None) -> None:
    assert answers.intent_for(text, "nlu_fallback", 0.5) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("delete the noon one", "stop_reminders"), ("remove the 8am one", "stop_reminders"),
    ("delete all my data", "request_data_deletion"), ("delete everything you have about me", "request_data_deletion"),
])
def test_deleting_one_of_several_things_is_a_reminder_not_all_the_data(answers: FormAnswers, text: str,
                                                                       expected: str | None) -> None:
    assert answers.intent_for(text, "request_data_deletion", 0.95) == expected


@pytest.mark.parametrize(("text", "predicted", "expected"), [
    ("cancel the 8 one", "stop", "stop_reminders"), ("stop the 1pm one", "inform", "stop_reminders"),
    ("move the 1pm one to 2", "nlu_fallback", "change_reminder"), ("i took the 8 one", "inform", None),
])
def test_a_reminder_named_by_its_time_is_a_reminder_whatever_was_guessed(answers: FormAnswers, text: str,
                                                                        predicted: str, expected: str | None) -> None:
    assert answers.intent_for(text, predicted, 0.6) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("hmm actually yeah go on, save it", "give_consent"), ("on second thoughts, please keep it", "give_consent"),
    ("wait actually yes, save that", "give_consent"), ("oh wait, keep that one", "give_consent"),
    ("wait, keep it down", "nlu_fallback"), ("hang on let me think", "nlu_fallback"),
])
def test_a_change_of_mind_about_storing_is_a_yes_and_waiting_is_not(answers: FormAnswers, text: str,
                                                                  expected: str) -> None:
    assert answers.intent_for(text, "affirm", 0.6) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("my hands keep shaking since i started lithium", "ask_medication"),
    ("ive had a rash since starting the new tablets", "ask_medication"),
    ("my hands have been shaking since they upped my lithium", "ask_medication"),
    ("i feel sick since i started the new job", None),
])
def test_a_symptom_since_a_medicine_was_started_is_a_medication_question(answers: FormAnswers, text: str,
                                                                         expected: str | None) -> None:
    assert answers.intent_for(text, "share_feeling", 0.6) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("how did my last questionnaire go?", "ask_progress"), ("what was my phq9 score", "ask_progress"),
    ("lets do a questionnaire", None), ("what is the phq9", None),
])
def test_asking_for_questionnaire_results_is_no_new_questionnaire(answers: FormAnswers, text: str,
                                                                  expected: str | None) -> None:
    assert answers.intent_for(text, "start_gad7", 0.8) == expected


@pytest.mark.parametrize("text", ["h e l p  n o w", "h e l p", "H-E-L-P", "hеlp nоw", "ｈｅｌｐ ｎｏｗ"])
def test_help_now_typed_oddly_still_gets_the_crisis_lines(answers: FormAnswers, text: str) -> None:
    assert answers.intent_for(text, "start_phq9", 0.99) == "crisis_help"


@pytest.mark.parametrize(("text", "form", "expected"), [
    ("show my plan", "relapse_plan_form", "show_relapse_plan"),
    ("can I see my plan first?", "safety_plan_form", "show_safety_plan"),
    ("what is in my plan so far", "checkin_form", "show_safety_plan"),
    ("my plan is to call my sister", "safety_plan_form", None),
    ("show my plan", None, None),
    ("wait, what did I put for the first one?", "relapse_plan_form", "show_relapse_plan"),
    ("wait, can I see what I've put so far?", "safety_plan_form", "show_safety_plan"),
    ("my sister, she sees what i put online", "safety_plan_form", None),
    ("what did I put", "checkin_form", None),
])
def test_show_my_plan_inside_a_form_is_a_request_not_an_answer(answers: FormAnswers, text: str, form: str | None,
                                                                expected: str | None) -> None:
    assert answers.plan_to_show(text, form) == expected


@pytest.mark.parametrize(("text", "predicted", "intent"), [
    ("thank you very much, you are helpful", "bot_feedback", "thanks"),
    ("you keep suggesting the same things", "ask_coping", "bot_feedback"),
    ("none of those are any good", "nlu_fallback", "bot_feedback"),
])
def test_thanks_are_thanks_and_complaints_about_the_suggestions_are_feedback(text: str, predicted: str,
                                                                             intent: str) -> None:
    assert FormAnswers.load().intent_for(text, predicted, 0.95) == intent



@pytest.mark.parametrize("text", ["wat do u store exactly", "what is still stored?"])
def test_asking_what_is_stored_is_a_privacy_question(text: str) -> None:
    assert FormAnswers.load().intent_for(text, "nlu_fallback", 0.3) == "ask_privacy"


@pytest.mark.parametrize(("text", "intent"), [
    ("is it safe to stop lithium suddenly?", "ask_medication"),
    ("Is it safe to drink alcohol with my mirtazapine?", "ask_medication"),
    ("is it safe to tell you about my meds?", "ask_privacy"),
    ("is this private?", "ask_privacy"),
])
def test_is_it_safe_to_do_something_is_about_that_not_privacy(text: str, intent: str) -> None:
    assert FormAnswers.load().intent_for(text, "ask_medication", 0.95) == intent


@pytest.mark.parametrize(("text", "intent"), [("love that this only takes two minutes btw", "thanks"),
                                              ("this is really helpful", "thanks"), ("that is a good question", None)])
def test_kind_words_about_the_guide_are_thanks(text: str, intent: str | None) -> None:
    assert FormAnswers.load().intent_for(text, "nlu_fallback", 0.3) == intent


@pytest.mark.parametrize("text", ["do I put my GP in here or is that the next bit", "does my mum go here"])
def test_asking_where_an_answer_goes_is_no_answer(text: str) -> None:
    from bot.core.form_replies import QUESTION, kind_of_reply

    assert kind_of_reply(text) == QUESTION


@pytest.mark.parametrize(("text", "intent"), [("Mi ucciderò stanotte", "nlu_fallback"),
                                              ("delete my data", "request_data_deletion"),
                                              ("please erase everything", "request_data_deletion")])
def test_a_deletion_is_never_heard_without_a_word_for_deleting(text: str, intent: str | None) -> None:
    assert FormAnswers.load().intent_for(text, "request_data_deletion", 0.95) == intent


@pytest.mark.parametrize(("text", "topic"), [
    ("my son wants to stop his lithium", "someone_else"),
    ("should my mum take her tablets with food?", "someone_else"),
    ("my husband missed his dose, should he take two?", "someone_else"),
    ("is it ok for my partner to drink on quetiapine?", "someone_else"),
    ("should I stop my meds?", "general"),
    ("my wife says I should stop my meds", "general"),  # the writer's own medicine
    ("how long does zoloft take to work", "takes_time"),
    ("He's on olanzapine and he wants to stop it", "someone_else"),
    ("Can I crush it into her food?", "someone_else"),
    ("It's not MY medication, it's my son's.", "someone_else"),
    ("how long does it usually take for antidepressants to start working?", "takes_time"),
    ("what are common side effects of antidepressants?", "side_effects"),
    ("what side effects should I expect from sertraline?", "side_effects"),
    ("ive had side effects from sertraline, should i stop?", "general"),  # their own now: the prescriber answer
    ("quetiapine side effects are making me so drowsy", "general"),
    # a dose missed, forgetting often, paying for it: answers of their own
    ("i forgot my sertraline this morning, should i take two tonight?", "missed"),
    ("i keep forgetting my meds", "missed"),
    ("i cant afford my meds this month", "cost"),
    ("my prescription is too expensive, can i just take half", "cost"),
    # an extra dose already taken by mistake (red team rt17): what to do today; a double dose asked about is "missed"
    ("I took double my dose by accident", "extra_dose"),
    ("no, I took double", "extra_dose"),
    ("i forgot last night so i took two this morning", "extra_dose"),
    ("accidentally had my evening tablets twice", "extra_dose"),
    ("my son took his tablets twice by mistake", "someone_else"),
])
def test_a_carer_asking_about_someone_elses_medicine_gets_the_answer_worded_for_them(text: str, topic: str) -> None:
    from bot.core.form_answers import MedicationQuestions, normal_text
    assert MedicationQuestions.load().topic(normal_text(text)) == topic


@pytest.mark.parametrize("text", ["i keep forgetting my meds", "i cant afford my meds this month"])
def test_forgetting_or_paying_for_a_medicine_is_about_the_medicine(text: str) -> None:
    from bot.core.form_answers import MedicationQuestions, normal_text
    assert MedicationQuestions.load().kind(normal_text(text)) == "change"


@pytest.mark.parametrize("text", ["what do you have on me", "Do you have anything stored on me?",
                                  "thanks. what have you stored about me so far?"])
def test_asking_what_is_stored_about_one_gets_the_privacy_answer_whatever_the_classifier_said(text: str) -> None:
    assert FormAnswers.load().intent_for(text, "what_can_you_do", 0.97) == "ask_privacy"


@pytest.mark.parametrize("text", ["halp now", "halp", "hlep now", "hlep now pls", "pls help", "i need hlep now"])
def test_help_now_mistyped_is_help_now_whatever_the_classifier_said(text: str) -> None:
    assert FormAnswers.load().intent_for(text, "goodbye", 0.95) == "crisis_help"


@pytest.mark.parametrize("text", ["why arent you saving my checkins?", "did you save that?",
                                  "why didnt you save my checkin"])
def test_asking_why_nothing_was_saved_gets_the_privacy_answer(text: str) -> None:
    assert FormAnswers.load().intent_for(text, "nlu_fallback", 0.3) == "ask_privacy"


@pytest.mark.parametrize("text", ["wait actually pls save it", "actually please save that check-in", "just save it"])
def test_changing_ones_mind_to_save_is_consent(text: str) -> None:
    assert FormAnswers.load().intent_for(text, "nlu_fallback", 0.3) == "give_consent"


@pytest.mark.parametrize("text", ["i took my meds twice by mistake", "my meds make me feel like a zombie, i hate them",
                                  "thinking about lowering my lithium dose myself", "I hate taking my tablets"])
def test_a_dose_taken_twice_a_medicine_hated_or_a_change_considered_gets_the_prescriber_answer(text: str) -> None:
    assert FormAnswers.load().intent_for(text, "share_feeling", 0.5) == "ask_medication"


@pytest.mark.parametrize(("text", "predicted", "expected"), [
    ("remind me what stage you put me in", "ask_stage", None),
    ("remind me of my relapse plan", "show_relapse_plan", None),
    ("remind me what time my reminder is", "list_reminders", "list_reminders"),
    ("remind me at 8pm to check in", "set_reminder", "set_reminder"),
])
def test_remind_me_what_asks_to_be_told_again_not_for_a_reminder(text: str, predicted: str,
                                                                 expected: str | None) -> None:
    assert FormAnswers.load().intent_for(text, predicted, 0.6) == expected


@pytest.mark.parametrize("text", ["today has been absolutely awful. my boss yelled at me in front of everyone",
                                  "I don't want advice, I just need to get it off my chest",
                                  "can you just listen for a sec", "no i'm not in danger, i'm just really fed up"])
def test_venting_the_classifier_did_not_follow_is_how_they_feel_never_the_fallback(text: str) -> None:
    assert FormAnswers.load().intent_for(text, "nlu_fallback", 0.3) == "share_feeling"


@pytest.mark.parametrize(("text", "expected"), [
    ("I should be grateful if you would store my information, yes.", "give_consent"),
    ("thats it? pathetic", "bot_feedback"), ("you're pathetic", "bot_feedback"),
    # red team rt23: "Negative thoughts can feel like facts", and the fallback
    ("this is stupid", "bot_feedback"), ("none of those, they never work", "bot_feedback"),
    ("that wasn't helpful at all", "bot_feedback"),
])
def test_formal_consent_and_short_scorn_for_the_bot_are_read_from_the_words(text: str, expected: str) -> None:
    assert FormAnswers.load().intent_for(text, "nlu_fallback", 0.3) == expected


def test_a_check_in_asked_for_formally_starts_the_check_in() -> None:
    assert FormAnswers.load().intent_for("Could we perhaps begin one of these check-ins?", "make_relapse_plan",
                                         0.6) == "start_checkin"


@pytest.mark.parametrize(("text", "intent"), [("OK. I'll try it, you can keep my data for now.", "give_consent"),
                                              ("Very well, you may keep it.", "give_consent"),
                                              ("I don't think you can keep it", None)])
def test_consent_given_in_passing_is_read_and_a_doubt_is_not(text: str, intent: str | None) -> None:
    found = [name for name, pattern in FormAnswers.load().consent_words if pattern.search(text.lower())]
    assert found == ([intent] if intent else [])


@pytest.mark.parametrize("text", ["they put me on lithium, can i still have a few beers at the weekend",
                                  "I forgot to take it this morning and it's now 6pm. Should I take it now or wait "
                                  "until tomorrow?",
                                  "Can I take ibuprofen with it for my back?",
                                  "should I tell my pharmacist about the St John's Wort I've been taking?",
                                  "can I drink alcohol on it",
                                  "should I take 100mg instead of 50mg"])
def test_medication_questions_found_by_the_persona_red_team_get_the_prescriber_answer(text: str) -> None:
    assert FormAnswers.load().intent_for(text, "nlu_fallback", 0.3) == "ask_medication"


@pytest.mark.parametrize(("text", "intent"), [("forget it. how do I make a complaint about this app", "ask_human"),
                                              ("who do I actually send feedback to? is there an email", "ask_human"),
                                              ("I complain about my back a lot", None)])
def test_a_complaint_or_feedback_goes_to_the_people_who_run_the_guide(text: str, intent: str | None) -> None:
    assert FormAnswers.load().intent_for(text, "nlu_fallback", 0.3) == intent


@pytest.mark.parametrize(("text", "intent"), [
    ("What? No, I'm fine. I'm talking about my data. Delete my data.", "request_data_deletion"),
    ("Please delete everything.", "request_data_deletion"),
    ("I deleted everything on my phone", None),
    ("can u do a check in with me, feelin kinda wired today cant sit still", "start_checkin"),
    ("I want to check in with my doctor about it", None),
])
def test_a_request_said_in_so_many_words_wins_over_a_sure_classifier(text: str, intent: str | None) -> None:
    assert FormAnswers.load().intent_for(text, "ask_privacy", 0.95) == intent


@pytest.mark.parametrize(("text", "predicted", "intent"), [
    ("hmm wait what exactly gets deleted?", "affirm", "ask_privacy"),
    ("wait what gets deleted", "request_data_deletion", "ask_privacy"),
    ("hang on, let me think", "affirm", "nlu_fallback"),
])
def test_a_question_after_a_pause_in_the_deletion_question_is_never_a_yes(text: str, predicted: str,
                                                                          intent: str) -> None:
    assert FormAnswers.load().intent_for(text, predicted, 0.9) == intent


@pytest.mark.parametrize(("text", "intent"), [
    ("actually remember that plan", "give_consent"), ("can you save that after all", "give_consent"),
    ("remember that plan please", "give_consent"), ("remember the plan?", None), ("keep the plan simple", None),
])
def test_keeping_what_was_just_made_after_all_is_a_yes_to_storage(text: str, intent: str | None) -> None:
    assert FormAnswers.load().intent_for(text, "nlu_fallback", 0.3) == intent


@pytest.mark.parametrize(("text", "predicted", "expected"), [
    ("can you show me my reminders, don't delete anything", "stop_reminders", "list_reminders"),
    ("list them all without deleting", "request_data_deletion", "ask_privacy"),
    ("delete my data", "request_data_deletion", "request_data_deletion"),
])
def test_showing_without_deleting_never_deletes(answers: FormAnswers, text: str, predicted: str,
                                                expected: str | None) -> None:
    assert answers.intent_for(text, predicted, 0.8) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("that exam absolutely destroyed me", "nlu_fallback"), ("im wiped out", "nlu_fallback"),
    ("I want all my data wiped. Every check-in, every plan, everything.", None),
])
def test_a_deletion_is_heard_only_in_words_for_deleting_what_is_stored(answers: FormAnswers, text: str,
                                                                        expected: str | None) -> None:
    assert answers.intent_for(text, "request_data_deletion", 0.8) == expected


@pytest.mark.parametrize(("text", "expected"), [("how do I export my check-in history?", "request_data_export"),
                                              ("lets do a check in", "start_checkin")])
def test_exporting_check_ins_is_no_check_in(answers: FormAnswers, text: str, expected: str) -> None:
    assert answers.intent_for(text, "start_checkin", 0.7) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("We had to put our cat down today. I'm heartbroken.", "share_feeling"),
    ("my kids were driving me up the wall today", "share_feeling"),
    ("first day in weeks I haven't cried", None), ("had a great day at the beach", None),
    # red team rt23: "That's really good to hear"
    ("I had a panic attack today and I'm shaken", "share_feeling"),
    ("I had a really bad panic attack at work this morning", "share_feeling"),
    ("no panic attacks all week, feeling good", None), ("wasn't anxious at all today", None),
])
def test_a_hard_day_is_never_heard_as_a_good_one(answers: FormAnswers, text: str, expected: str | None) -> None:
    assert answers.intent_for(text, "share_good_day", 0.95) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("actually I don't want to do this", "stop"), ("never mind, cancel", "stop"), ("nevermind cancel that", "stop"),
    ("never mind what I said about sleep, it was 6 hours", None), ("not now", None),
])
def test_leaving_in_a_few_words_is_a_stop_not_an_answer(answers: FormAnswers, text: str, expected: str | None) -> None:
    assert answers.intent_for(text, "inform", 0.5) == expected


@pytest.mark.parametrize(("text", "intent"), [("Is it set now?", "list_reminders"),
                                              ("I live in Manchester so what time will it come", "list_reminders"),
                                              ("has it been set up yet?", "list_reminders"),
                                              ("did i set a reminder for my tablets", "list_reminders"),
                                              ("is it ok to take two tonight since i forgot yesterday",
                                               "ask_medication"),
                                              ("is it saved", None), ("is it raining", None)])
def test_asking_whether_a_reminder_is_set_shows_the_reminders(text: str, intent: str | None) -> None:
    assert FormAnswers.load().intent_for(text, "nlu_fallback", 0.3) == intent


@pytest.mark.parametrize(("text", "intent"), [("but the relapse part, is 2 panic attacks a relapse?", "faq"),
                                              ("does that count as a relapse?", "faq"),
                                              ("can you help me write a relapse plan", "make_relapse_plan")])
def test_a_question_about_relapse_is_answered_not_taken_for_a_plan(text: str, intent: str) -> None:
    """"is 2 panic attacks a relapse?" heard as a request for the relapse plan: answered (the relapse answer),
    never the plan started with the next messages stored as its answers."""
    assert (FormAnswers.load().intent_for(text, "make_relapse_plan", 0.8) or "make_relapse_plan") == intent


@pytest.mark.parametrize(("text", "predicted", "expected"), [
    ("My husband passed away last month and I am finding it very difficult.", "nlu_fallback", "share_feeling"),
    ("my dog died and i cant stop crying", "guidance", "share_feeling"),
    ("my grandma died and i cant stop crying", "faq", "share_feeling"),
    # a recovery stage heard, or a question: kept
    ("my depression started after dad died and I'm waiting for therapy", "stage_awareness", None),
    ("my mum died, how do I cope with grief?", "faq", None),
    ("my phone died halfway through the call", "nlu_fallback", None),
    # red team rt24: "We call this the maintenance stage"
    ("My wife Margaret died in March. We were married 52 years.", "stage_maintenance", "share_feeling"),
    ("since my dad died I've been drinking every night", "stage_awareness", None),
])
def test_a_death_told_is_how_they_feel(answers: FormAnswers, text: str, predicted: str, expected: str | None) -> None:
    """Red team rt23: the fallback, a carer's answer or the one about alcohol."""
    assert answers.intent_for(text, predicted, 0.4) == expected


@pytest.mark.parametrize(("text", "confidence", "expected"), [
    ("ive been on lexapro 3 weeks and i feel kinda sick all the time is that normal", 0.6, "ask_medication"),
    ("ive been on lexapro 3 weeks and i feel kinda sick all the time is that normal", 0.95, "ask_medication"),
    ("do i really need to be on medication or can i get better without it", 0.9, None),
])
def test_a_named_medicine_asked_about_gets_the_prescriber_answer(answers: FormAnswers, text: str, confidence: float,
                                                                 expected: str | None) -> None:
    """With the new answer about diagnosis, "is that normal" about a named medicine got that answer instead."""
    assert answers.intent_for(text, "faq", confidence) == expected


@pytest.mark.parametrize("text", ["store my check-ins", "ok store my check-ins please"])
def test_the_words_the_bot_tells_people_to_say_to_agree_are_a_yes_to_storage(answers: FormAnswers, text: str) -> None:
    """The bot says 'Say "store my check-ins" if you ever want me to': read from the words, never left to a guess that
    can fall under the storage answer's bar (a fresh clone's run: 0.78, and nothing was stored)."""
    assert answers.intent_for(text, "give_consent", 0.6) == "give_consent"
