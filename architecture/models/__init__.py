from architecture.models.bodies import Body, BodyKind, BodyLevel, UnitType
from architecture.models.legal import LegalDocument
from architecture.models.users import User

__all__ = ["Body", "BodyKind", "BodyLevel", "LegalDocument", "UnitType", "User"]
