"""The data model. One word for one idea: Organisation, User, Meeting, Prompt,
Participant, Answer (the current answer) and Receipt (every answer UUID ever seen)."""

from app.models.answer import Answer, Receipt
from app.models.loop import LoopEntry
from app.models.meeting import Meeting, Prompt
from app.models.network import Invitation, PracticeEntry, Series, meeting_host, series_host
from app.models.people import Organisation, Participant, User
from app.models.push import FollowUp, PushDelivery, PushSubscription
from app.models.security import AuditEvent, UserSession

__all__ = ["Answer", "AuditEvent", "FollowUp", "Invitation", "LoopEntry", "Meeting", "Organisation",
           "Participant", "PracticeEntry", "Prompt", "PushDelivery", "PushSubscription", "Receipt", "Series",
           "User", "UserSession", "meeting_host", "series_host"]
