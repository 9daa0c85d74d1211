"""Progress summary and trend chart for "How have I been doing?"."""

from __future__ import annotations

import base64
import datetime as dt
from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import consent_answer, get_store
from bot.content.questionnaires import load_questionnaires
from bot.core.progress import questionnaire_lines, summarise, trend_chart_png
from bot.store import StoreUnavailable


class ActionShowProgress(Action):
    def name(self) -> str:
        return "action_show_progress"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[str, Any]) -> List[Dict[str, Any]]:
        # What is stored is shown to its owner with or without consent now: check-ins kept after "stop
        # storing my stuff" are still theirs to see (and to delete).
        try:
            checkins = get_store().checkins.recent(tracker.sender_id, days=30)
            results = get_store().questionnaires.latest(tracker.sender_id)
        except StoreUnavailable:
            dispatcher.utter_message(response="utter_action_unavailable")
            return []
        scores = questionnaire_lines(results, {key: q.name for key, q in load_questionnaires().items()})
        if not checkins:
            if scores:  # questionnaires taken, no check-in yet: the scores, and how to add check-ins
                dispatcher.utter_message(text="\n".join(scores))
            if consent_answer(tracker) is False:  # nothing stored, and nothing will be without a yes
                dispatcher.utter_message(response="utter_progress_not_storing")
            else:
                dispatcher.utter_message(response="utter_progress_no_checkins_yet" if scores
                                         else "utter_progress_needs_checkins")
            return []
        today = dt.datetime.utcnow().date()
        dispatcher.utter_message(text="\n".join([summarise(checkins, today).describe(), *scores]))
        png = base64.b64encode(trend_chart_png(checkins, today)).decode()
        dispatcher.utter_message(image=f"data:image/png;base64,{png}")
        return []
