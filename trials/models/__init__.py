from trials.models.pages import (
    TrialCountry,
    TrialIndexPage,
    TrialPage,
    TrialPublication,
    TrialRegistryId,
)
from trials.models.vocabularies import CellType, Route, StrokeStage, StrokeType, TrialPhase

__all__ = [
    "CellType",
    "Route",
    "StrokeStage",
    "StrokeType",
    "TrialCountry",
    "TrialIndexPage",
    "TrialPage",
    "TrialPhase",
    "TrialPublication",
    "TrialRegistryId",
]
