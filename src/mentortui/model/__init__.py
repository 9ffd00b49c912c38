"""Provides the mentoring domain: agreements, goals, meetings, evaluations and their rules.

Imports neither textual, rich nor tinydb.
"""

from .agreement import (
    Acknowledgement,
    Agreement,
    Amendment,
    Clause,
    Party,
    Schedule,
    Signature,
    TentativeMeeting,
    Termination,
)
from .base import new_id, now
from .enums import (
    AgreementStatus,
    CareerStage,
    EvaluationDecision,
    EvaluationKind,
    GoalOutcome,
    MeetingStatus,
    MentorshipType,
    Role,
)
from .errors import FieldProblem, Severity, ValidationError
from .evaluation import Evaluation, GoalReview, Reflection
from .goal import Goal, Milestone, ProgressEntry
from .meeting import ActionItem, Cancellation, Decision, Meeting, Note

__all__ = [
    "Acknowledgement",
    "ActionItem",
    "Agreement",
    "AgreementStatus",
    "Amendment",
    "Cancellation",
    "CareerStage",
    "Clause",
    "Decision",
    "Evaluation",
    "EvaluationDecision",
    "EvaluationKind",
    "FieldProblem",
    "Goal",
    "GoalOutcome",
    "GoalReview",
    "Meeting",
    "MeetingStatus",
    "MentorshipType",
    "Milestone",
    "Note",
    "Party",
    "ProgressEntry",
    "Reflection",
    "Role",
    "Schedule",
    "Severity",
    "Signature",
    "TentativeMeeting",
    "Termination",
    "ValidationError",
    "new_id",
    "now",
]
