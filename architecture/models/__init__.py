from architecture.models.bodies import Body, BodyKind, BodyLevel, UnitType
from architecture.models.frameworks import AppliesTo, FrameworkRequirement, FrameworkVersion, ReferenceModel
from architecture.models.legal import LegalDocument
from architecture.models.tokens import ApiToken
from architecture.models.users import User

__all__ = [
    "ApiToken", "AppliesTo", "Body", "BodyKind", "BodyLevel", "FrameworkRequirement", "FrameworkVersion",
    "LegalDocument", "ReferenceModel", "UnitType", "User",
]
