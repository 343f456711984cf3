"""Remittance files from the core's results: MT102 bank lists (KNP 121, 122), XML, Excel register.

``remit(results, employer, period, out_dir, RemitOptions(value_date=...))`` writes them in one
pass; :class:`Remittance` is the same as an object fed one result at a time; ``check_mt102`` /
``read_mt102`` read any MT102 list back; ``bank_problems`` screens one person for the bank.
"""

from osms_payroll.remit.files import RemitError, WrittenFile
from osms_payroll.remit.mt102.checks import CheckRules, osms_beneficiaries
from osms_payroll.remit.mt102.model import Mt102Document, Mt102Error, Mt102Header, Mt102Issue, Mt102Person, Mt102Summary
from osms_payroll.remit.mt102.reader import check_mt102, read_mt102
from osms_payroll.remit.mt102.screen import Screening, bank_problems
from osms_payroll.remit.mt102.writer import Mt102Writer
from osms_payroll.remit.pipeline import FORMATS, Remittance, RemitOptions, remit
from osms_payroll.remit.files import GROUP as WRITERS_GROUP, WriterPlugin, file_name, load_writers
from osms_payroll.remit.register import RegisterWriter
from osms_payroll.remit.xml import NAMESPACE, XmlWriter, check_xml, safe_parser, schema

__all__ = [
    "CheckRules",
    "FORMATS",
    "NAMESPACE",
    "Mt102Document",
    "Mt102Error",
    "Mt102Header",
    "Mt102Issue",
    "Mt102Person",
    "Mt102Summary",
    "Mt102Writer",
    "RegisterWriter",
    "WRITERS_GROUP",
    "WriterPlugin",
    "RemitError",
    "RemitOptions",
    "Remittance",
    "WrittenFile",
    "Screening",
    "XmlWriter",
    "bank_problems",
    "check_mt102",
    "check_xml",
    "file_name",
    "load_writers",
    "osms_beneficiaries",
    "read_mt102",
    "remit",
    "safe_parser",
    "schema",
]
