from architecture.api.plans import (
    BodyArchitectureViewSet,
    ChiefEngineerViewSet,
    FrameworkViewSet,
    MilestoneTemplateViewSet,
    MilestoneViewSet,
    StrategyViewSet,
)
from architecture.api.views import BodyViewSet, TokenViewSet

# (prefix, viewset, basename) for config/api_urls.py's router.
routes = [
    ("bodies", BodyViewSet, "body"),
    ("tokens", TokenViewSet, "token"),
    # A body's obligations under Resolution 214/NQ-CP, and the frameworks they answer to (issue 6).
    ("frameworks", FrameworkViewSet, "framework"),
    ("milestone-templates", MilestoneTemplateViewSet, "milestone-template"),
    ("body-architectures", BodyArchitectureViewSet, "body-architecture"),
    ("strategies", StrategyViewSet, "strategy"),
    ("milestones", MilestoneViewSet, "milestone"),
    ("chief-engineers", ChiefEngineerViewSet, "chief-engineer"),
]
