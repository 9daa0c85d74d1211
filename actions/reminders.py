"""Reminders: add, list, change and remove check-in, medication and coping-practice reminders.

One action reads every reminder request (bot.core.reminders.read_request decides what the words ask; the
classifier's intent only breaks a tie), so "what reminders do I have?" never deletes anything and "also
remind me to take my meds at 9am" adds a reminder beside the others. Times are the person's local
time: the widget sends the browser's time zone; otherwise the zone of their earlier reminders, otherwise
the clinic's (BOT_TIMEZONE), and then the bot says which zone it used and how to change it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from typing import Any, Dict, List
from zoneinfo import ZoneInfo

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import consent_answer, get_store
from bot.config import default_timezone
from bot.content.crisis import single_zone_of
from bot.core.reminders import (
    ADDS_ANOTHER,
    CHANGED_TO,
    LIST_AGAIN,
    PLACE_WORDS,
    THAT_ONE_GONE,
    ReminderRequest,
    corrects_time,
    in_half_of,
    kind_name,
    list_text,
    part_of_day_target,
    part_of_day_time,
    place_timezone,
    read_request,
    shifted,
    valid_timezone,
    zone_label,
)
from bot.store import StoreUnavailable

LAST_REMINDER_SLOT = "last_reminder_time"
TIMEZONE_SLOT = "reminder_timezone"
# A message with a time but no words about reminders sets one only when the classifier is this sure.
SURE_WITHOUT_WORDS = 0.8
# "I'm in Sydney", "I live in Berlin", "im from london": where the person is, said beside a reminder request
SAYS_WHERE = re.compile(r"\b(i'?m|i am|im|we'?re|we are|i live|we live|living|based|from|here in|over in|out in)\b")
MY_TIME = re.compile(r"\b(my|local) time\b")
ASKED_SLOT = "reminder_asked_kind"  # set while "What time would you like the ... reminder?" waits
# A reminder asked for before the storage question was answered: kept for this conversation (never in the
# database) so that a yes sets it without asking for it again.
PENDING_SLOT = "pending_reminder"
# While "Which one should I change/remove?" waits: what was asked ({"operation", "local_time", "shift", ...}), so
# that "the 1pm one" finishes it.
WHICH_SLOT = "reminder_which"


def _channel_timezone(tracker: Tracker) -> str | None:
    metadata = tracker.latest_message.get("metadata") or {}
    zone = valid_timezone(metadata.get("timezone"), "")
    return zone or None


def _asked_just_before(tracker: Tracker) -> bool:
    """Whether the bot's last step before the latest message was this action (asking for a time)."""
    latest_user = max((i for i, e in enumerate(tracker.events) if e.get("event") == "user"), default=0)
    before = [e.get("name") for e in tracker.events[:latest_user]
              if e.get("event") == "action" and e.get("name") != "action_listen"]
    return bool(before) and before[-1] == "action_reminders"


def _say_picked(dispatcher: CollectingDispatcher, request: ReminderRequest) -> None:
    """"every evening", "remind me tonight": the time picked for that part of the day, and how to change it."""
    if request.picked:
        dispatcher.utter_message(response="utter_reminder_time_picked", part_of_day=request.picked,
                                 reminder_time=request.local_time)


def _corrected(said: Dict[str, Any], correction: ReminderRequest) -> ReminderRequest:
    """A request waiting for the storage answer, with the time a correction gives it."""
    before = said.get("local_time")
    at = correction.local_time
    if correction.shift is not None and before:
        at = shifted(before, correction.shift)
    elif at and before and not correction.half_said:
        at = in_half_of(at, before)
    return ReminderRequest(**{**said, "operation": "set", "local_time": at or before, "more_times": (),
                              "in_minutes": None if at else said.get("in_minutes"), "picked": None})


def _asking_which(request: ReminderRequest) -> Dict[str, Any]:
    """The slot that keeps what "Which one should I change/remove?" is for."""
    asked = {"operation": request.operation, "kind": request.kind, "local_time": request.local_time,
             "shift": request.shift, "half_said": request.half_said}
    return SlotSet(WHICH_SLOT, json.dumps(asked))


def _resolve_time(reminders: List[Dict[str, Any]], local_time: str, half_said: bool) -> str:
    """"the 9 one" names the reminder at 21:00 when there is none at 09:00 (a time said with its half of the
    day is taken as said)."""
    if half_said:
        return local_time
    times = {str(r["local_time"])[:5] for r in reminders if r["local_time"]}
    later = in_half_of(local_time, "12:00")
    return later if local_time not in times and later in times else local_time


ONE_OFF = re.compile(r"\bone[- ]?off\b|\bjust once\b|\bthe once\b")
# "stop all reminders except the meds one", "cancel everything apart from my 9pm one", "all but the check-in one":
# the words after it name the one to keep.
EXCEPT = re.compile(r"\b(except( for)?|apart from|other than|all but|but not|but (keep|leave)|not including|"
                    r"excluding)\b(?P<kept>.+)$")


PERIODS = {"morning": (0, 12), "afternoon": (12, 17), "lunchtime": (11, 14), "evening": (17, 24),
           "night": (19, 24), "nighttime": (19, 24), "bedtime": (20, 24)}


def _by_period(reminders: List[Dict[str, Any]], tracker: Tracker) -> List[Dict[str, Any]]:
    """The daily reminders of the time of day the message names ("the morning reminder"); all of them when it
    names none, or none is of that time."""
    said = (tracker.latest_message.get("text") or "").lower()
    target = CHANGED_TO.search(said) if part_of_day_target(said) else None
    if target:
        said = said[:target.start()]  # "change my breathing one to every evening": the evening is the new time
    period = next((p for p in PERIODS if re.search(rf"\b{p}\b", said)), None)
    if period is None:
        return reminders
    start, end = PERIODS[period]
    found = [r for r in reminders if r["local_time"] and start <= int(str(r["local_time"])[:2]) < end]
    return found or reminders


class ActionReminders(Action):
    def name(self) -> str:
        return "action_reminders"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[str, Any]) -> List[Dict[str, Any]]:
        latest = tracker.latest_message or {}
        request = read_request(latest.get("text") or "", (latest.get("intent") or {}).get("name"))
        asked = tracker.get_slot(ASKED_SLOT)
        timed = request.local_time is not None or request.in_minutes is not None
        just_before = _asked_just_before(tracker)  # the bot's last step was this action (a question, a reminder set)
        last = tracker.get_slot(LAST_REMINDER_SLOT)
        said = (latest.get("text") or "").lower()
        if asked and just_before and request.kind is None and (timed or part_of_day_time(said)):
            # "8pm" (or "in the evening") after "What time would you like the medication reminder?"
            request = dataclasses.replace(request, operation="set", kind=asked)
        if just_before and LIST_AGAIN.match(said):
            request = dataclasses.replace(request, operation="list")  # "what's set" right after a reminder
        if just_before and not request.worded and request.local_time is None \
                and request.in_minutes is None and len(said.split()) <= PLACE_WORDS:
            zone = place_timezone(latest.get("text") or "", None)
            if zone:  # "London" after "tell me your city or time zone"
                request = dataclasses.replace(request, operation="timezone", timezone=zone)
        if just_before and THAT_ONE_GONE.match(said) and last:
            # "cancel that" right after a reminder was set: that one
            kind, _, at = str(last).partition("@")
            request = ReminderRequest("stop", kind, at or None, None, None)
        if last and just_before and request.kind is None and timed and ADDS_ANOTHER.match(said):
            # "also at 9 at night" right after the medication reminder was set: one more of that kind
            request = dataclasses.replace(request, operation="set", kind=str(last).split("@")[0], worded=True)
        correcting = bool(last) and just_before \
            and request.kind is None and request.local_time is not None and request.operation == "set" \
            and corrects_time(latest.get("text") or "")
        if correcting:
            # "sorry, I mean 9 in the morning, not 8" right after a reminder was set: that one changed
            request = dataclasses.replace(request, operation="change", more_times=())
        clear = [SlotSet(ASKED_SLOT, None)] if asked else []
        which = tracker.get_slot(WHICH_SLOT)
        if which:
            clear.append(SlotSet(WHICH_SLOT, None))
            if just_before and not request.worded:
                # "the 1pm one", "the evening one", "meds" after "Which one should I change?"
                request = self._selected(tracker, request, json.loads(which))
        waiting = tracker.get_slot(PENDING_SLOT)
        part = part_of_day_time(said) if waiting and just_before and request.kind is None \
            and len(said.split()) <= PLACE_WORDS else None
        if waiting and just_before and request.kind is None and request.operation in ("set", "change") \
                and (request.local_time or request.shift is not None or part):
            # "actually make that 8:30" (or "at teatime") while "every evening at 8 ... his lithium" waits for the
            # storage answer: that request, at the corrected time (in its half of the day), still waiting for it
            if part and not request.local_time:
                request = dataclasses.replace(request, local_time=part[1])
            request = _corrected(json.loads(waiting)["request"], request)
            if part:
                request = dataclasses.replace(request, picked=part[0])
            correcting = True
        confidence = float((latest.get("intent") or {}).get("confidence") or 0.0)
        if request.operation in ("set", "change") and not request.worded and request.kind is None \
                and not (asked and just_before) and not correcting and confidence < SURE_WITHOUT_WORDS:
            # "I usually sleep at 11pm": a time, but no request for a reminder; say how to ask for one
            if request.local_time:
                dispatcher.utter_message(response="utter_reminder_maybe", reminder_time=request.local_time)
            else:
                dispatcher.utter_message(response="utter_default")
            return clear
        if request.errand:
            # "remind me in 1 minute to drink water": not a check-in, medication or coping reminder
            dispatcher.utter_message(response="utter_reminder_errand")
            return clear
        if request.unsupported:
            # "my therapy appointment on friday at 3", "on sundays", "once a month": not a daily reminder
            dispatcher.utter_message(response="utter_reminder_unsupported")
            return clear
        if request.operation in ("set", "change") and request.local_time is None and request.in_minutes is None \
                and request.shift is None:
            # "every evening", "before bed", "make it before bed": a time picked for that part of the day
            part = part_of_day_time(said) if request.operation == "set" else part_of_day_target(said)
            if part is not None:
                request = dataclasses.replace(request, local_time=part[1], picked=part[0])
        storage = consent_answer(tracker) if request.operation not in ("list", "stop") else True  # removing: allowed
        if storage is not True:
            # Kept for this conversation only (never in the database) until they answer, or after a no in case they
            # change their mind ("actually save that"): a yes sets it without asking for it again
            kept = [SlotSet(PENDING_SLOT, json.dumps({"request": dataclasses.asdict(request),
                                                      "zone": self._zone_in_words(tracker, request)}))] \
                if request.operation in ("set", "change") else []
            if kept and storage is None:  # never asked: ask now
                dispatcher.utter_message(response="utter_reminder_ask_consent")
                return clear + kept
            dispatcher.utter_message(response="utter_reminder_needs_consent")
            return clear + kept
        try:
            zone_said = self._zone_said(tracker, request)
            events = getattr(self, f"_{request.operation}")(dispatcher, tracker, request)
        except StoreUnavailable:
            dispatcher.utter_message(response="utter_action_unavailable")
            return clear
        return clear + zone_said + events  # a new question about the time (in events) sets the slot again

    # -------------------------------------------------------------------------------- helpers
    @staticmethod
    def _zone_in_words(tracker: Tracker, request: ReminderRequest) -> str | None:
        """"remind me to take my meds at 9am, I'm in Sydney": the place's time zone (None when the message names
        no place, or the browser's zone, which wins, came with it)."""
        text = tracker.latest_message.get("text") or ""
        if request.operation not in ("set", "change") or not SAYS_WHERE.search(text.lower()) \
                or _channel_timezone(tracker):
            return None
        return place_timezone(text, None)

    @classmethod
    def _zone_said(cls, tracker: Tracker, request: ReminderRequest) -> List[Dict[str, Any]]:
        """The time zone the message names, kept (reminders already set move to it) before this reminder is
        read in it."""
        return cls._keep_zone(tracker, cls._zone_in_words(tracker, request))

    @staticmethod
    def _keep_zone(tracker: Tracker, zone: str | None) -> List[Dict[str, Any]]:
        if not zone or zone == tracker.get_slot(TIMEZONE_SLOT):
            return []
        get_store().reminders.set_timezone(tracker.sender_id, zone)
        tracker.slots[TIMEZONE_SLOT] = zone  # this message's reminder is read in it
        return [SlotSet(TIMEZONE_SLOT, zone)]

    @staticmethod
    def _zone(tracker: Tracker) -> tuple[str, bool]:
        """(time zone, whether it was only the clinic's default)."""
        zone = _channel_timezone(tracker) or valid_timezone(tracker.get_slot(TIMEZONE_SLOT), "")
        if zone:
            return zone, False
        stored = get_store().reminders.timezone(tracker.sender_id)
        if stored:
            return stored, False
        # The conversation's country, where it has one time zone (GB: Europe/London; red team rt16: a reminder "at 8"
        # from the UK was set in UTC); the clinic's default zone otherwise, checked with the person.
        country_zone = valid_timezone(single_zone_of(tracker.get_slot("country")), "")
        if country_zone:
            return country_zone, False
        return valid_timezone(default_timezone(), "UTC"), True

    @staticmethod
    def _selected(tracker: Tracker, answer: ReminderRequest, asked: Dict[str, Any]) -> ReminderRequest:
        """The request that asked "which one?", finished by the answer that names one."""
        text = (tracker.latest_message.get("text") or "").lower()
        at = _resolve_time(get_store().reminders.list(tracker.sender_id), answer.local_time, answer.half_said) \
            if answer.local_time else None
        if asked.get("operation") == "stop":
            every = bool(re.search(r"\b(all|both|every|each)\b", text))
            kind = answer.kind or asked.get("kind")
            return ReminderRequest("stop", None if every else kind, None if every else at, None, None,
                                   every_kind=every)
        return ReminderRequest("change", answer.kind or asked.get("kind"), asked.get("local_time"), None, None,
                               old_time=at, shift=asked.get("shift"), half_said=bool(asked.get("half_said", True)))

    # ----------------------------------------------------------------------------- operations
    def _set(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            request: ReminderRequest) -> List[Dict[str, Any]]:
        kind = request.kind or "checkin"
        if request.local_time is None and request.in_minutes is None:
            dispatcher.utter_message(response="utter_ask_reminder_time", kind_name=kind_name(kind))
            return [SlotSet(ASKED_SLOT, kind)]
        zone, assumed = self._zone(tracker)
        store = get_store()
        if request.in_minutes is not None:
            once_at = dt.datetime.utcnow().replace(second=0, microsecond=0) + dt.timedelta(minutes=request.in_minutes)
            local = once_at.replace(tzinfo=dt.timezone.utc).astimezone(ZoneInfo(zone)).strftime("%H:%M")
            return self._add_once(dispatcher, tracker, kind, zone, once_at, local, "utter_reminder_set_once")
        if request.on_day is not None and request.local_time:
            events = self._set_on_day(dispatcher, tracker, request, kind, zone)
            _say_picked(dispatcher, request)
            return events
        for local_time in (request.local_time, *request.more_times):  # "at 8am and 8pm": one reminder each
            added = store.reminders.add(tracker.sender_id, kind, local_time, zone)
            response = "utter_reminder_set" if added else "utter_reminder_exists"
            dispatcher.utter_message(response=response, kind_name=kind_name(kind),
                                     reminder_time=local_time, timezone=zone_label(zone))
        _say_picked(dispatcher, request)
        if assumed:
            dispatcher.utter_message(response="utter_reminder_timezone_check", timezone=zone_label(zone))
        return [SlotSet(LAST_REMINDER_SLOT, f"{kind}@{request.local_time}")]

    @staticmethod
    def _set_on_day(dispatcher: CollectingDispatcher, tracker: Tracker, request: ReminderRequest, kind: str,
                    zone: str) -> List[Dict[str, Any]]:
        """"at 6 tonight", "tomorrow at 9am": once, on that day in the person's zone (tonight's time already gone
        by: tomorrow, and said so)."""
        now = dt.datetime.now(ZoneInfo(zone))
        hour, minute = (int(part) for part in str(request.local_time).split(":"))
        at = (now + dt.timedelta(days=request.on_day or 0)).replace(hour=hour, minute=minute, second=0, microsecond=0)
        if at <= now:
            at += dt.timedelta(days=1)
        response = "utter_reminder_set_once" if at.date() == now.date() else "utter_reminder_set_tomorrow"
        return ActionReminders._add_once(dispatcher, tracker, kind, zone, at.astimezone(dt.timezone.utc).replace(
            tzinfo=None), str(request.local_time), response)

    @staticmethod
    def _add_once(dispatcher: CollectingDispatcher, tracker: Tracker, kind: str, zone: str, once_at: dt.datetime,
                  local: str, response: str) -> List[Dict[str, Any]]:
        """A one-off reminder at ``once_at`` (UTC), said at its local time."""
        get_store().reminders.add(tracker.sender_id, kind, None, zone, once_at=once_at)
        dispatcher.utter_message(response=response, kind_name=kind_name(kind), reminder_time=local,
                                 timezone=zone_label(zone))
        return [SlotSet(LAST_REMINDER_SLOT, f"{kind}@{once_at.strftime('%H:%M')}")]  # as the store keeps it

    def _list(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            request: ReminderRequest) -> List[Dict[str, Any]]:
        reminders = get_store().reminders.list(tracker.sender_id)
        if not reminders:
            dispatcher.utter_message(response="utter_no_reminders")
        else:
            dispatcher.utter_message(response="utter_reminders_list", reminder_list=list_text(reminders))
        return []

    def _change(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            request: ReminderRequest) -> List[Dict[str, Any]]:
        store = get_store()
        reminders = store.reminders.list(tracker.sender_id)
        everyone = reminders
        if request.kind:
            reminders = [r for r in reminders if r["kind"] == request.kind]
        if request.old_time and reminders:
            # "change the 1pm one to 2pm": the one at that time (none there: say which there are, change nothing)
            old_time = _resolve_time(everyone, request.old_time, False)
            reminders = [r for r in reminders if str(r["local_time"])[:5] == old_time]
            if not reminders:
                dispatcher.utter_message(response="utter_reminder_which", reminder_list=list_text(everyone))
                return [_asking_which(request)]
        reminders = _by_period(reminders, tracker)
        if not reminders:
            # Nothing to change: a new reminder at that time is what they want.
            return self._set(dispatcher, tracker, request)
        chosen = reminders[0] if len(reminders) == 1 else None
        last = tracker.get_slot(LAST_REMINDER_SLOT)
        # "change it to 9", "change my reminder to 9am": the one just set or changed (the reply names its old
        # time when there are several); "change the medication reminder to 10pm" with two medication
        # reminders: which one? (never the last one of a kind on a guess)
        said = (tracker.latest_message.get("text") or "").lower()
        # ("my reminder" right after one was set is that one; later, with several, which one is asked)
        refers_to_last = re.search(r"\b(it|that|that one|this one)\b", said) or _asked_just_before(tracker)
        if chosen is None and last and refers_to_last:
            chosen = next((r for r in reminders if f"{r['kind']}@{r['local_time']}" == last), None)
        if chosen is None:
            dispatcher.utter_message(response="utter_reminder_which", reminder_list=list_text(reminders))
            return [_asking_which(request)]
        zone = _channel_timezone(tracker) or chosen["timezone"]
        if chosen.get("once_at") is not None:
            return self._move_once(dispatcher, tracker, chosen, request, zone)
        if request.shift is not None and chosen["local_time"]:
            # "push it back half an hour": its time moved by that much
            request = dataclasses.replace(request, local_time=shifted(str(chosen["local_time"]), request.shift))
        elif request.local_time and not request.half_said and chosen["local_time"]:
            # "make that 10" when it was at 21:00: 22:00
            request = dataclasses.replace(request, local_time=in_half_of(request.local_time, str(chosen["local_time"])))
        if request.local_time is None:  # "in 10 minutes" as a change: a one-off on top
            return self._set(dispatcher, tracker, request)
        store.reminders.change(tracker.sender_id, chosen["id"], request.local_time, zone)
        # (a zone never told: not the browser's, not said in this chat, the clinic's default)
        assumed = not _channel_timezone(tracker) and not tracker.get_slot(TIMEZONE_SLOT) \
            and zone == valid_timezone(default_timezone(), "UTC")
        # two of that kind: "your medication reminder that was at 20:00 is now ...", so it is clear which moved
        several = sum(r["kind"] == chosen["kind"] for r in everyone) > 1 and (len(reminders) > 1 or request.old_time)
        dispatcher.utter_message(response="utter_reminder_changed_from" if several else "utter_reminder_changed",
                                 kind_name=kind_name(chosen["kind"]), old_time=chosen["local_time"],
                                 reminder_time=request.local_time, timezone=zone_label(zone))
        _say_picked(dispatcher, request)  # "make it before bed": the time picked for it, and how to change it
        if assumed and MY_TIME.search(said):
            # "make it 8pm my time" with no zone told yet: the clinic's default was used, so ask
            dispatcher.utter_message(response="utter_reminder_timezone_check", timezone=zone_label(zone))
        return [SlotSet(LAST_REMINDER_SLOT, f"{chosen['kind']}@{request.local_time}")]

    @staticmethod
    def _move_once(dispatcher: CollectingDispatcher, tracker: Tracker, chosen: Dict[str, Any],
                   request: ReminderRequest, zone: str) -> List[Dict[str, Any]]:
        """A one-off reminder moved ("make it 3 hours instead", "push it back 10 minutes", "make it 5pm"): it stays
        a one-off, never becoming a daily reminder."""
        now = dt.datetime.utcnow().replace(second=0, microsecond=0)
        if request.shift is not None:
            once_at = chosen["once_at"] + dt.timedelta(minutes=request.shift)
        elif request.in_minutes is not None:
            once_at = now + dt.timedelta(minutes=request.in_minutes)
        elif request.local_time is not None:  # the next time it is that o'clock where they are
            local_now = now.replace(tzinfo=dt.timezone.utc).astimezone(ZoneInfo(zone))
            hour, minute = (int(part) for part in request.local_time.split(":"))
            at = local_now.replace(hour=hour, minute=minute)
            at = at if at > local_now else at + dt.timedelta(days=1)
            once_at = at.astimezone(dt.timezone.utc).replace(tzinfo=None)
        else:
            dispatcher.utter_message(response="utter_ask_reminder_time", kind_name=kind_name(chosen["kind"]))
            return [SlotSet(ASKED_SLOT, chosen["kind"])]
        get_store().reminders.move_once(tracker.sender_id, chosen["id"], once_at)
        local = once_at.replace(tzinfo=dt.timezone.utc).astimezone(ZoneInfo(zone)).strftime("%H:%M")
        dispatcher.utter_message(response="utter_reminder_set_once", kind_name=kind_name(chosen["kind"]),
                                 reminder_time=local, timezone=zone_label(zone))
        return [SlotSet(LAST_REMINDER_SLOT, f"{chosen['kind']}@{once_at.strftime('%H:%M')}")]

    def _stop(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            request: ReminderRequest) -> List[Dict[str, Any]]:
        everyone = get_store().reminders.list(tracker.sender_id)
        kept = EXCEPT.search((tracker.latest_message.get("text") or "").lower())
        if kept:
            return self._stop_all_but(dispatcher, tracker, everyone, kept.group("kept"))
        if request.kind is None and request.local_time is None and not request.every_kind:
            reminders = everyone
            named = _by_period(reminders, tracker)
            if ONE_OFF.search((tracker.latest_message.get("text") or "").lower()):
                named = [r for r in reminders if r.get("once_at") is not None] or named  # "the one-off one"
            if len(reminders) > 1 and len(named) == 1 and named != reminders:
                # "kindly remove the evening reminder": the one of that time of day
                request = dataclasses.replace(request, kind=named[0]["kind"], local_time=named[0]["local_time"])
                reminders = named
            if len(reminders) > 1:  # "remove the sunday one": which? never all of them on a guess
                dispatcher.utter_message(response="utter_reminder_which_stop", reminder_list=list_text(reminders))
                return [_asking_which(request)]
        if request.kind is not None and request.local_time is None and not request.every_kind:
            of_kind = [r for r in everyone if r["kind"] == request.kind]
            named = _by_period(of_kind, tracker)
            if len(of_kind) > 1 and len(named) == 1 and named != of_kind:
                # "stop the evening meds reminder": the one of that time of day
                request = dataclasses.replace(request, local_time=named[0]["local_time"])
            elif len(of_kind) > 1:  # "stop the medication reminder" with two of them: which one?
                dispatcher.utter_message(response="utter_reminder_which_stop", reminder_list=list_text(of_kind))
                return [_asking_which(request)]
        if request.local_time is not None:  # "stop the 9 one" when it is at 21:00
            request = dataclasses.replace(request, local_time=_resolve_time(everyone, request.local_time,
                                                                            request.half_said))
        removed = get_store().reminders.remove(tracker.sender_id, request.kind, request.local_time)
        if not removed:
            dispatcher.utter_message(response="utter_no_reminders_to_stop")
        elif request.kind is None and request.local_time is None:
            dispatcher.utter_message(response="utter_reminders_stopped")
        else:
            left = get_store().reminders.list(tracker.sender_id)
            if request.kind:
                dispatcher.utter_message(response="utter_reminder_removed", kind_name=kind_name(request.kind))
            else:
                dispatcher.utter_message(response="utter_reminder_removed_at", reminder_time=request.local_time)
            if left:
                dispatcher.utter_message(response="utter_reminders_list", reminder_list=list_text(left))
        return [SlotSet(LAST_REMINDER_SLOT, None)]

    @staticmethod
    def _stop_all_but(dispatcher: CollectingDispatcher, tracker: Tracker, everyone: List[Dict[str, Any]],
                      words: str) -> List[Dict[str, Any]]:
        """"stop all reminders except the meds one", "cancel everything apart from the 9pm one": the others
        removed, the one named kept (and listed); when it is unclear which to keep, nothing is removed: which?"""
        named = read_request(words, None)
        at = _resolve_time(everyone, named.local_time, named.half_said) if named.local_time else None
        keep = [r for r in everyone if (named.kind is None or r["kind"] == named.kind)
                and (at is None or r["local_time"] == at)] if named.kind or at else []
        if not keep or len(keep) == len(everyone):
            dispatcher.utter_message(response="utter_reminder_which_stop", reminder_list=list_text(everyone))
            return [_asking_which(ReminderRequest("stop", None, None, None, None))] if everyone else []
        get_store().reminders.remove_ids(tracker.sender_id, [r["id"] for r in everyone if r not in keep])
        dispatcher.utter_message(response="utter_reminders_stopped_but", reminder_list=list_text(keep))
        return [SlotSet(LAST_REMINDER_SLOT, None)]

    def _timezone(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            request: ReminderRequest) -> List[Dict[str, Any]]:
        if request.timezone is None:
            dispatcher.utter_message(response="utter_reminder_timezone_unknown")
            return []
        zone = request.timezone
        get_store().reminders.set_timezone(tracker.sender_id, zone)
        dispatcher.utter_message(response="utter_reminder_timezone_set", timezone=zone_label(zone))
        return [SlotSet(TIMEZONE_SLOT, zone)]


def save_pending_reminder(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[Dict[str, Any]]:
    """After a yes to storage: the reminder asked for before it is set now, as it was asked."""
    pending = tracker.get_slot(PENDING_SLOT)
    if not pending:
        return []
    kept = json.loads(pending)
    said = kept["request"]
    # Nothing could be stored before, so a change has nothing to change: it is a new reminder.
    request = ReminderRequest(**{**said, "operation": "set", "more_times": tuple(said.get("more_times") or ())})
    action = ActionReminders()
    try:
        zone = action._keep_zone(tracker, kept.get("zone"))
        events = action._set(dispatcher, tracker, request)
    except StoreUnavailable:
        dispatcher.utter_message(response="utter_action_unavailable")
        return []
    return [SlotSet(PENDING_SLOT, None), *zone, *events]


class ActionPlaceTimezone(Action):
    """After "I'm in Sydney" or "I live in Edinburgh": that place's time zone for reminders (the browser's, when
    the widget sends it, wins), and any reminders already set move to it, said so."""

    def name(self) -> str:
        return "action_place_timezone"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[str, Any]) -> List[Dict[str, Any]]:
        latest = tracker.latest_message or {}
        named = [e.get("value") for e in latest.get("entities") or [] if e.get("entity") == "country"]
        zone = place_timezone(latest.get("text") or "", str(named[-1]) if named else None)
        if not zone or _channel_timezone(tracker) or zone == tracker.get_slot(TIMEZONE_SLOT):
            return []
        try:
            moved = get_store().reminders.set_timezone(tracker.sender_id, zone)
        except StoreUnavailable:
            moved = 0
        if moved:
            dispatcher.utter_message(response="utter_reminder_timezone_set", timezone=zone_label(zone))
        return [SlotSet(TIMEZONE_SLOT, zone)]
