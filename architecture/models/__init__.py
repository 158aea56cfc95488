from architecture.models.audit import AuditEvent, AuditKind
from architecture.models.bodies import Body, BodyKind, BodyLevel, UnitType
from architecture.models.engineers import ChiefEngineer, ChiefEngineerRole
from architecture.models.frameworks import (
    AppliesTo,
    FrameworkRequirement,
    FrameworkVersion,
    ReferenceModel,
)
from architecture.models.legal import LegalDocument
from architecture.models.milestones import (
    Milestone,
    MilestoneState,
    MilestoneStatus,
    MilestoneTemplate,
)
from architecture.models.plans import (
    BodyArchitecture,
    BodyArchitectureStatus,
    Strategy,
    StrategyKind,
    StrategyStatus,
)
from architecture.models.tokens import ApiToken
from architecture.models.users import User

__all__ = [
    "ApiToken", "AppliesTo", "AuditEvent", "AuditKind", "Body", "BodyArchitecture", "BodyArchitectureStatus", "BodyKind", "BodyLevel",
    "ChiefEngineer", "ChiefEngineerRole", "FrameworkRequirement", "FrameworkVersion", "LegalDocument",
    "Milestone", "MilestoneState", "MilestoneStatus", "MilestoneTemplate", "ReferenceModel", "Strategy",
    "StrategyKind", "StrategyStatus", "UnitType", "User",
]
