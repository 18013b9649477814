"""openpyxl at work on workbooks for the spreadsheet tests: look inside one, or change one the
way people do (a sheet deleted, a formula or a date typed into a cell, a title merged over a
header, a sheet hidden), or write a very long one.

usage:
  workbook_tool.py inspect FILE             JSON: each sheet's frozen cell and typed cells
  workbook_tool.py drop-sheet IN OUT SHEET
  workbook_tool.py set-cell IN OUT SHEET CELL KIND VALUE    KIND: formula, date, number, text
  workbook_tool.py dress IN OUT             the office habits listed in dress() below
  workbook_tool.py long OUT ROWS            a 教师 sheet of ROWS rows, written as a stream
"""
import datetime
import json
import sys

import openpyxl


def inspect(path):
    book = openpyxl.load_workbook(path)
    sheets = []
    for sheet in book.worksheets:
        rows = [[{"type": cell.data_type, "value": cell.value if not isinstance(cell.value, datetime.datetime) else cell.value.isoformat()}
                 for cell in row] for row in sheet.iter_rows()]
        sheets.append({
            "name": sheet.title, "frozen": sheet.freeze_panes, "hidden": sheet.sheet_state != "visible",
            "validations": len(sheet.data_validations.dataValidation), "rows": rows,
        })
    json.dump(sheets, sys.stdout, ensure_ascii=False)


def set_cell(source, out, sheet, cell, kind, value):
    book = openpyxl.load_workbook(source)
    target = book[sheet][cell]
    if kind == "formula":
        target.value = value  # openpyxl saves a formula with no calculated value.
    elif kind == "date":
        target.value = datetime.date.fromisoformat(value)
        target.number_format = "yyyy-mm-dd"
    elif kind == "number":
        target.value = float(value)
    else:
        target.value = value
    book.save(out)


def column_of(sheet, header):
    for cell in sheet[1]:
        if cell.value == header:
            return cell.column
    raise SystemExit("no column " + header + " in " + sheet.title)


def dress(source, out):
    """What office workbooks look like: a title merged above 教师's header, the school column
    merged down over each school's run of teachers, 是/否 typed as TRUE/FALSE, weekly periods
    as a formula (LibreOffice saves its value afterwards), empty rows between schools, the 需求
    sheet hidden, a note in a column nobody reads."""
    book = openpyxl.load_workbook(source)
    teachers = book["教师"]
    school = column_of(teachers, "学校")
    volunteer = column_of(teachers, "自愿")
    periods = column_of(teachers, "周课时上限")
    for row in range(2, teachers.max_row + 1):
        cell = teachers.cell(row, volunteer)
        if cell.value in ("是", "否"):
            cell.value = cell.value == "是"
        cell = teachers.cell(row, periods)
        if isinstance(cell.value, (int, float)):
            cell.value = "=%d+%d" % (cell.value - cell.value // 2, cell.value // 2)
    last = teachers.max_column + 1
    teachers.cell(1, last).value = "填表说明"
    teachers.cell(2, last).value = "此列不读"
    # A title row above the header, and two empty rows in the middle of the list. (Rows first:
    # openpyxl does not move merged ranges when rows are inserted.)
    teachers.insert_rows(1)
    teachers.cell(1, 1).value = "2025学年教师基本情况表"
    teachers.insert_rows(5, amount=2)
    teachers.merge_cells(start_row=1, start_column=1, end_row=1, end_column=last)
    # Merge each run of one school downwards (openpyxl keeps only the first cell's value).
    start = 3
    for row in range(4, teachers.max_row + 2):
        value = teachers.cell(row, school).value if row <= teachers.max_row else None
        if value is None or value != teachers.cell(start, school).value:
            if row - 1 > start and teachers.cell(start, school).value is not None:
                teachers.merge_cells(start_row=start, start_column=school, end_row=row - 1, end_column=school)
            start = row
    book["需求"].sheet_state = "hidden"
    book.save(out)


def long_sheet(out, rows):
    book = openpyxl.Workbook(write_only=True)
    settings = book.create_sheet("设置")
    settings.append(["key", "value"])
    for key, value in (("county", "长表县"), ("slug", "long"), ("year", 2025)):
        settings.append([key, value])
    teachers = book.create_sheet("教师")
    teachers.append(["工号", "姓名", "学校"])
    for index in range(rows):
        teachers.append(["T%07d" % index, "教师", "L"])
    book.save(out)


def main():
    command, arguments = sys.argv[1], sys.argv[2:]
    if command == "inspect":
        inspect(*arguments)
    elif command == "drop-sheet":
        book = openpyxl.load_workbook(arguments[0])
        del book[arguments[2]]
        book.save(arguments[1])
    elif command == "set-cell":
        set_cell(*arguments)
    elif command == "dress":
        dress(*arguments)
    elif command == "long":
        long_sheet(arguments[0], int(arguments[1]))
    else:
        raise SystemExit("unknown command " + command)


if __name__ == "__main__":
    main()
