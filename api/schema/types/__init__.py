"""Strawberry types, one concept per module."""

from .area import Area
from .common import Connection, ItemKind, Node, NodeType, PageInfo, Provenance, RelationshipType, Role, SortDirection
from .department import CoResponsible, Department, Responsibility
from .document import AreaListing, Document, Jurisdiction
from .graph import Path, Relationship, SearchConnection, SearchHit, SearchMatch, Subgraph
from .health import Health
from .indicator import Indicator
from .item import Cells, Citation, Item, Measure, PlaceMention, Reform, ResponsibleUnit, Task
from .leader import Leader
from .milestone import Milestone
from .named_query import NamedQuery, NamedQueryParameter, NamedQueryResult
from .place import Mention, Place
from .policy import Policy, PolicyCitation
from .stats import AreaCount, DepartmentCount, LevelCount, MonthCount, Statistics

__all__ = [
    "Area", "AreaCount", "AreaListing", "Cells", "Citation", "Connection", "CoResponsible", "Department",
    "DepartmentCount", "Document", "Health", "Indicator", "Item", "ItemKind", "Jurisdiction", "Leader", "LevelCount", "Measure",
    "Mention", "Milestone", "MonthCount", "NamedQuery", "NamedQueryParameter", "NamedQueryResult", "Node", "NodeType",
    "PageInfo", "Path", "Place", "PlaceMention", "Policy", "PolicyCitation", "Provenance", "Reform", "Relationship",
    "RelationshipType", "ResponsibleUnit", "Responsibility", "Role", "SearchConnection", "SearchHit", "SearchMatch",
    "SortDirection", "Statistics",
    "Subgraph", "Task",
]
