"""The participant page's translated strings, handed to its JavaScript as JSON
(the script never carries text of its own). Placeholders look like {n}."""

from flask_babel import gettext as _

from app.plurals import plural_forms

# Each language named in itself, so everyone finds their own: never translated.
LANGUAGE_NAMES = {"nl": "Nederlands", "en": "English", "fr": "Français"}


def participant_strings() -> dict[str, str | dict[str, str]]:
    """Every string the participant page's script shows, in the page's language."""
    return {
        "who_are_you": _("Who are you?"),
        "anonymous": _("Anonymous: no name, no account. We only keep your group and your answers."),
        "language": _("Language"),
        "group_youngster": _("Youngster"),
        "group_officer": _("Police officer"),
        "group_other": _("Other"),
        "group_other_hint": _("youth worker, guest…"),
        "joining": _("One moment…"),
        "no_connection": _("No connection. Check your signal and tap your group again."),
        "join_failed": _("That did not work. Please try again."),
        "you_are": _("You: {group}"),
        "change": _("Change"),
        "question_n": _("Question {n} of {total}"),
        "back": _("Back"),
        "next": _("Next"),
        "finish": _("Finish"),
        "save": _("Save"),
        "saved_local": _("Saved on your phone. It will be sent when you have signal."),
        "sent": _("Sent"),
        "not_saved": _("Not saved: {message}"),
        "wait_title": _("Wait for the facilitator"),
        "wait_text": _("The next question appears here by itself."),
        "other_group": _("This question is for the other group."),
        # Linked prompts (app/meetings/rounds.py): the line above a second round or a guess.
        "round_two": _("Round 2: after the talk, where do you stand now?"),
        "guess_lead": _("Guess!"),
        "guess_scale_officers": _("Which number did the police officers give, do you think?"),
        "guess_scale_youngsters": _("Which number did the youngsters give, do you think?"),
        "guess_position_officers": _("Where did the police officers stand, do you think?"),
        "guess_position_youngsters": _("Where did the youngsters stand, do you think?"),
        "guess_choice_officers": _("What did the police officers pick, do you think?"),
        "guess_choice_youngsters": _("What did the youngsters pick, do you think?"),
        "guess_about": _("The question was: “{question}”"),
        "no_prompts": _("There are no questions for you in this meeting."),
        "thanks_title": _("Thank you — your answers are saved"),
        "answered_n": plural_forms("You answered {n} of {total} question.",
                                   "You answered {n} of {total} questions."),
        "all_sent": _("All your answers have been sent."),
        "pending": plural_forms(
            "{n} answer is still on your phone. It is sent as soon as you have signal.",
            "{n} answers are still on your phone. They are sent as soon as you have signal."),
        "change_answers": _("Change my answers"),
        "closed_title": _("This meeting is closed"),
        "closed_text": _("Thank you for taking part!"),
        "scale_hint": _("Tap a number."),
        "faces_hint": _("Tap a face."),
        "face_1": _("Very bad"),
        "face_2": _("Bad"),
        "face_3": _("So-so"),
        "face_4": _("Good"),
        "face_5": _("Very good"),
        "position_hint": _("Slide to where you stand."),
        "position_side": _("closer to: {side}"),
        "position_middle": _("in the middle"),
        "pick_up_to": _("Pick up to {max}."),
        "pick_any": _("Pick one or more."),
        "pick_one": _("Pick one."),
        "picked_n": _("{n} of {max} picked"),
        "max_reached": _("You can pick at most {max}. Tap a picked one to remove it first."),
        "pick_first": _("Pick at least one."),
        "storyline_hint": _("Draw a line with your finger, or tap each column at the right height. "
                            "The faces on the left show what each height means."),
        "phases_done": plural_forms("{n} of {max} part done", "{n} of {max} parts done"),
        "not_set": _("not set yet"),
        "spokes_hint": _("Slide each bar: 0 is bad, 10 is great."),
        "spokes_done": _("{n} of {max} done"),
        "why_label": _("Why? (you may skip this)"),
        "why_hint": _("Your explanation appears on the big screen only after the facilitator "
                      "has checked it."),
        "read_aloud": _("Read aloud"),
        "words_hint": plural_forms("Up to {max} short word.", "Up to {max} short words."),
        "word_n": _("Word {n}"),
        "text_hint": _("Write a short answer."),
        "characters": _("{n} of {max} characters"),
        "scrubbed": _("We removed {what}: answers stay anonymous."),
        "scrubbed_email": _("an e-mail address"),
        "scrubbed_phone": _("a phone number"),
        "scrubbed_plate": _("a number plate"),
        "scrubbed_id": _("a national register number"),
        "update_ready": _("There is a new version of this app."),
        "update_reload": _("Reload"),
        "install": _("Install"),
        "install_why": _("Put ALLO?! on your home screen: it opens faster and keeps your answers safe."),
        "install_ios": _("Tip: tap Share, then “Add to Home Screen”. On an iPhone only installed apps keep "
                         "your answers longer than 7 days."),
        "close": _("Close"),
        "leave": _("Leave this meeting on this phone"),
        "leave_hint": _("Passing this phone on? Tap below, so the next person sees nothing of your answers."),
        "leave_waiting": plural_forms(
            "{n} answer still has to be sent first. Try again when you have signal.",
            "{n} answers still have to be sent first. Try again when you have signal."),
        # The follow-up opt-in at the end (static/js/push.js).
        "push_ask": plural_forms("May we ask you one more question in {n} day? "
                                 "We send one notification, nothing else.",
                                 "May we ask you one more question in {n} days? "
                                 "We send one notification, nothing else."),
        "push_yes": _("Yes, remind me"),
        "push_on": plural_forms("We will remind you in {n} day. Changed your mind?",
                                "We will remind you in {n} days. Changed your mind?"),
        "push_stop": _("No, stop the reminder"),
        "push_denied": _("Notifications are blocked for this site. "
                         "You can allow them in the browser settings."),
        "push_failed": _("That did not work. Please try again."),
        "push_install": _("On an iPhone, reminders only work once ALLO?! is on your home screen: tap Share, "
                          "then “Add to Home Screen”."),
    }


def kiosk_strings() -> dict[str, str]:
    """On a kiosk (app/phone/kiosk.py) the end screen's "leave" hands the device on."""
    return {
        "leave": _("Done — hand it on"),
        "leave_hint": _("Finished? Tap below: the next person starts with an empty screen "
                        "and cannot see your answers."),
    }
