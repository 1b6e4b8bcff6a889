"""Reads segraph's spreadsheet template with clients we did not write (Debian's openpyxl and
Python's csv module), as a policy officer's tools would, and rewrites the workbook with openpyxl.

Job (JSON on stdin): {"xlsx": path, "csvDir": path, "practice": id, "rewritten": path, "newName": text}.
Prints JSON: what each client read, and writes `rewritten` (openpyxl's own file) with the
practice's English name changed."""
import csv
import json
import os
import sys

import openpyxl

job = json.load(sys.stdin)
out = {"openpyxl": openpyxl.__version__}

book = openpyxl.load_workbook(job["xlsx"])
out["sheets"] = book.sheetnames
sheet = book["Practices"]
header = [c.value for c in sheet[1]]
out["header"] = header
out["frozen"] = sheet.freeze_panes
out["validations"] = len(sheet.data_validations.dataValidation)
col = {name: i for i, name in enumerate(header)}
row_of = None
for row in sheet.iter_rows(min_row=2):
    if row[col["Practice id"]].value == job["practice"]:
        row_of = row
        break
out["xlsxRow"] = {k: (None if row_of[i].value is None else str(row_of[i].value)) for k, i in col.items()} if row_of else None
out["xlsxPractices"] = sheet.max_row - 1

# Rewrite the workbook with openpyxl (its own XML, shared strings and styles): segraph must read it.
row_of[col["Name (English)"]].value = job["newName"]
book.save(job["rewritten"])

with open(os.path.join(job["csvDir"], "practices.csv"), newline="", encoding="utf-8") as f:
    rows = list(csv.DictReader(f))
out["csvPractices"] = len(rows)
out["csvRow"] = next((r for r in rows if r["Practice id"] == job["practice"]), None)
with open(os.path.join(job["csvDir"], "fundings.csv"), newline="", encoding="utf-8") as f:
    out["csvFundings"] = [r for r in csv.DictReader(f) if r["Practice id"] == job["practice"]]

print(json.dumps(out))
