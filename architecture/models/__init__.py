from architecture.models.bodies import Body, BodyKind, BodyLevel, UnitType
from architecture.models.legal import LegalDocument
from architecture.models.tokens import ApiToken
from architecture.models.users import User

__all__ = ["ApiToken", "Body", "BodyKind", "BodyLevel", "LegalDocument", "UnitType", "User"]
