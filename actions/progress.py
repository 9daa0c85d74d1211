"""Progress summary and trend chart for "How have I been doing?"."""

from __future__ import annotations

import base64
import datetime as dt
from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import get_store, has_consent
from bot.content.questionnaires import load_questionnaires
from bot.core.progress import questionnaire_lines, summarise, trend_chart_png
from bot.store import StoreUnavailable


class ActionShowProgress(Action):
    def name(self) -> str:
        return "action_show_progress"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[str, Any]) -> List[Dict[str, Any]]:
        if not has_consent(tracker):
            dispatcher.utter_message(response="utter_progress_needs_checkins")
            return []
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
            dispatcher.utter_message(response="utter_progress_no_checkins_yet" if scores
                                     else "utter_progress_needs_checkins")
            return []
        today = dt.datetime.utcnow().date()
        dispatcher.utter_message(text="\n".join([summarise(checkins, today).describe(), *scores]))
        png = base64.b64encode(trend_chart_png(checkins, today)).decode()
        dispatcher.utter_message(image=f"data:image/png;base64,{png}")
        return []
