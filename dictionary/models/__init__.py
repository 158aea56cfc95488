from dictionary.models.changes import ChangeKind, ChangeRequest, ChangeStatus
from dictionary.models.codelists import CodeList, CodeValue, CodeValueAlias
from dictionary.models.elements import DataElement, Topic
from dictionary.models.releases import Release, ReleaseItem, ReleaseItemKind
from dictionary.models.status import STATUS_TRANSITIONS, Datatype, ItemStatus, ValueDomain

__all__ = [
    "STATUS_TRANSITIONS", "ChangeKind", "ChangeRequest", "ChangeStatus", "CodeList", "CodeValue", "CodeValueAlias",
    "DataElement", "Datatype", "ItemStatus", "Release", "ReleaseItem", "ReleaseItemKind", "Topic", "ValueDomain",
]
