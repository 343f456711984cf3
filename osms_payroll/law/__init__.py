"""The law as data: dated parameters with citations, loaded and validated once."""

from osms_payroll.law.params import (
    CONFIDENCE_LEVELS,
    ParameterMissing,
    Params,
    ParamsError,
    ParamValue,
    Snapshot,
    default_params,
    load_params,
)

__all__ = [
    "CONFIDENCE_LEVELS",
    "ParamValue",
    "ParameterMissing",
    "Params",
    "ParamsError",
    "Snapshot",
    "default_params",
    "load_params",
]
