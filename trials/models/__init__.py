from trials.models.register_page import TrialIndexPage
from trials.models.trial_children import TrialCountry, TrialPublication, TrialRegistryId
from trials.models.trial_page import TrialPage
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
