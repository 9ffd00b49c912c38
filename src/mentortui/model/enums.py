"""Provides the fixed choices the agreement forms offer (career stages, mentorship types, statuses)."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """The two parties to an agreement."""

    MENTEE = "mentee"
    MENTOR = "mentor"


class CareerStage(StrEnum):
    """Career stage of a party, as the strategic form lists them."""

    VOLUNTEER = "volunteer"
    TRAINEE = "trainee"
    EARLY_CAREER = "early career"
    MID_CAREER = "mid career"
    LATE_CAREER = "late career"
    RETIRED = "retired"


class MentorshipType(StrEnum):
    """Kinds of mentorship; an agreement may be several at once."""

    IN_CLINIC = "in-clinic"
    LOCAL = "local"
    DISTANCE = "distance"
    TRADITIONAL = "traditional"
    PEER = "peer"
    REVERSE = "reverse"


class AgreementStatus(StrEnum):
    """Where an agreement is in its life."""

    DRAFT = "draft"
    ACTIVE = "active"
    AMENDED = "amended"
    EXTENDED = "extended"
    COMPLETED = "completed"
    TERMINATED = "terminated"


class MeetingStatus(StrEnum):
    """Whether a meeting is still to come, took place, or did not."""

    PLANNED = "planned"
    HELD = "held"
    CANCELLED = "cancelled"
    MISSED = "missed"


class GoalOutcome(StrEnum):
    """How far a goal was met, judged at the evaluation."""

    MET = "met"
    PARTLY_MET = "partly met"
    NOT_MET = "not met"


class EvaluationKind(StrEnum):
    """When an evaluation happens."""

    MIDPOINT = "midpoint"
    END = "end"


class EvaluationDecision(StrEnum):
    """What the parties decide at the end-of-period evaluation."""

    EXTEND = "extend"
    COMPLETE = "complete"
    DISSOLVE = "dissolve"


#: Suggestions the forms give; any other text is accepted too.
FREQUENCY_CHOICES = ("daily", "weekly", "every two weeks", "monthly", "quarterly")
LOCATION_CHOICES = ("in clinic", "off-site", "virtual")
