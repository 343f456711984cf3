"""The law as data: dated parameters with citations, typed by a declared schema, loaded and validated once."""

from osms_payroll.law.load import default_params, load_params, parse_files
from osms_payroll.law.model import (
    CONFIDENCE_LEVELS,
    Parameter,
    ParameterMissing,
    Params,
    ParamsError,
    ParamValue,
    Recorder,
    Snapshot,
)

__all__ = [
    "CONFIDENCE_LEVELS",
    "ParamValue",
    "Parameter",
    "ParameterMissing",
    "Params",
    "ParamsError",
    "Recorder",
    "Snapshot",
    "default_params",
    "load_params",
    "parse_files",
]
