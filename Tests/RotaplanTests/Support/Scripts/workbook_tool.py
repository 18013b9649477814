"""openpyxl at work on workbooks for the spreadsheet tests: look inside one, or change one the
way people do (a sheet deleted, a formula or a date typed into a cell, a title merged over a
header, a sheet hidden), or write a very long one.

usage:
  workbook_tool.py inspect FILE             JSON: each sheet's frozen cell, typed cells, print
                                            setup, filter, drop-downs and column formats
  workbook_tool.py drop-sheet IN OUT SHEET
  workbook_tool.py set-cell IN OUT SHEET CELL KIND VALUE    KIND: formula, date, number, text
  workbook_tool.py dress IN OUT             the office habits listed in dress() below
  workbook_tool.py long OUT ROWS            a 教师 sheet of ROWS rows, written as a stream
  workbook_tool.py vary IN OUTDIR NAME...   OUTDIR/NAME.xlsx for each variation in VARIATIONS
  workbook_tool.py bomb IN OUT PART BYTES [DECLARED]   PART of IN replaced by BYTES spaces
                                            (deflated); DECLARED, when given, is the inflated
                                            size the archive claims for it instead
"""
import io
import struct
import zipfile
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
        columns = {letter: dimension.number_format for letter, dimension in sheet.column_dimensions.items()
                   if dimension.style_id}
        sheets.append({
            "name": sheet.title, "frozen": sheet.freeze_panes, "hidden": sheet.sheet_state != "visible",
            "validations": len(sheet.data_validations.dataValidation), "rows": rows,
            "lists": [{"cells": str(v.sqref), "formula": v.formula1, "error": v.errorStyle or "stop"}
                      for v in sheet.data_validations.dataValidation],
            "orientation": sheet.page_setup.orientation, "fitToPage": bool(sheet.sheet_properties.pageSetUpPr
                                                                             and sheet.sheet_properties.pageSetUpPr.fitToPage),
            "fitToWidth": sheet.page_setup.fitToWidth, "fitToHeight": sheet.page_setup.fitToHeight,
            "printTitleRows": sheet.print_title_rows, "filter": sheet.auto_filter.ref,
            "columnFormats": columns,
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


def header(sheet):
    """Header text → column number, from row 1."""
    return {cell.value: cell.column for cell in sheet[1] if cell.value is not None}


def rename_headers(sheet, names):
    for cell in sheet[1]:
        if cell.value in names:
            cell.value = names[cell.value]


def insert_column(sheet, at, title, values):
    sheet.insert_cols(at)
    sheet.cell(1, at).value = title
    for row in range(2, sheet.max_row + 1):
        sheet.cell(row, at).value = values(row)


def data_rows(sheet):
    return range(2, sheet.max_row + 1)


def spaced_headers(book):
    spaces = [" ", "\u3000"]
    for name in ("教师", "学校", "需求"):
        for index, cell in enumerate(book[name][1]):
            if isinstance(cell.value, str) and len(cell.value) > 1:
                space = spaces[index % 2]
                cell.value = space + cell.value[0] + space + cell.value[1:] + space


def full_width(text):
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


TEACHER_FIELDS = {"工号": "id", "姓名": "name", "学校": "school", "学科": "subject", "身份": "role", "职称": "title",
                  "性别": "gender", "本校任教年限": "years_at_school", "距退休年限": "years_to_retirement",
                  "免于交流": "exempt", "自愿": "volunteer", "周课时上限": "max_periods", "可走教": "itinerant",
                  "可走教日": "available_days"}


def full_width_headers(book):
    rename_headers(book["教师"], {chinese: full_width(english) for chinese, english in TEACHER_FIELDS.items()})


def shifou_headers(book):
    rename_headers(book["教师"], {"免于交流": "是否免于交流", "自愿": "是否自愿", "可走教": "是否可走教"})
    rename_headers(book["学校"], {"农村": "是否农村"})


def synonym_headers(book):
    rename_headers(book["教师"], {"学校": "单位", "身份": "角色", "本校任教年限": "现学校任教年限", "学科": "任教学科"})
    rename_headers(book["学校"], {"编号": "学校代码", "名称": "学校名称"})
    rename_headers(book["历史"], {"教师": "工号", "方式": "类型"})
    rename_headers(book["需求"], {"学校": "单位"})


def history_kind_leixing(book):
    rename_headers(book["历史"], {"方式": "类型"})


def history_kind_bad(book):
    history = book["历史"]
    history.cell(2, header(history)["方式"]).value = "乱写"


def serial_bianhao(book):
    insert_column(book["教师"], 1, "编号", lambda row: row - 1)


def serial_xuhao(book):
    for name in ("学校", "教师", "需求", "历史"):
        insert_column(book[name], 1, "序号", lambda row: row - 1)


def role_twice(book):
    teachers = book["教师"]
    insert_column(teachers, header(teachers)["身份"], "角色", lambda row: "普通教师")


def school_twice(book):
    teachers = book["教师"]
    column = header(teachers)["学校"]
    insert_column(teachers, column + 1, "单位", lambda row: teachers.cell(row, column).value)


def placeholder_marks(book):
    teachers = book["教师"]
    columns = header(teachers)
    marks = {"免于交流": ["/", "—", "-", "0", "无", "否", "——", "／"], "自愿": ["/", "-", "0", "否", "—"]}
    for title, cycle in marks.items():
        for index, row in enumerate(data_rows(teachers)):
            cell = teachers.cell(row, columns[title])
            if cell.value in (None, ""):
                cell.value = cycle[index % len(cycle)]


def hidden_rows(book):
    for row in (5, 9, 30):
        book["教师"].row_dimensions[row].hidden = True


def footer(book):
    teachers = book["教师"]
    last = teachers.max_row
    teachers.cell(last + 1, 1).value = "合计"
    teachers.cell(last + 1, 3).value = "%d人" % (last - 1)
    teachers.cell(last + 3, 1).value = "制表人：张三"
    teachers.cell(last + 3, 4).value = "审核人：李四"


def extra_columns(book):
    teachers = book["教师"]
    last = teachers.max_column
    insert_column(teachers, last + 1, "备注", lambda row: "班主任" if row % 3 == 0 else None)
    insert_column(teachers, last + 2, "联系电话", lambda row: 13800000000 + row)
    insert_column(teachers, last + 3, "是否可走教日", lambda row: None)


def unheaded_column(book):
    teachers = book["教师"]
    column = teachers.max_column + 2
    teachers.cell(3, column).value = "已核对"


def full_width_values(book):
    teachers = book["教师"]
    columns = header(teachers)
    for row in data_rows(teachers):
        for title in ("本校任教年限", "学校"):
            cell = teachers.cell(row, columns[title])
            if cell.value is not None:
                cell.value = full_width(str(cell.value).replace(".0", ""))
    demand = book["需求"]
    columns = header(demand)
    for row in data_rows(demand):
        cell = demand.cell(row, columns["需求人数"])
        cell.value = full_width(str(cell.value))


def long_number_id(book):
    book["教师"].cell(2, 1).value = 360121198001011234


def unknown_subjects(book):
    teachers = book["教师"]
    column = header(teachers)["学科"]
    changed = {"音乐": "音乐（兼）", "信息科技": "信息技术", "道德与法治": "道法"}
    done = set()
    for row in data_rows(teachers):
        value = teachers.cell(row, column).value
        if value in changed and value not in done:
            teachers.cell(row, column).value = changed[value]
            done.add(value)


def school_by_name(book):
    schools = book["学校"]
    names = {schools.cell(row, 1).value: schools.cell(row, 2).value for row in data_rows(schools)}
    teachers = book["教师"]
    cell = teachers.cell(2, header(teachers)["学校"])
    cell.value = names[cell.value]


def spaced_sheet_names(book):
    book["教师"].title = " 教师 "
    book["学校"].title = "学校\u3000"


def missing_sheet(book):
    book["需求"].title = "需求表"


def many_mistakes(book):
    """Several mistakes at once, each in a different sheet or column, and a column not read."""
    history_kind_bad(book)
    school_by_name(book)
    long_number_id(book)
    teachers = book["教师"]
    columns = header(teachers)
    teachers.cell(3, columns["自愿"]).value = "也许"
    teachers.cell(4, columns["身份"]).value = "校长"
    teachers.cell(5, columns["本校任教年限"]).value = "十二"
    insert_column(teachers, teachers.max_column + 1, "备注", lambda row: None)


VARIATIONS = {
    "spaced-headers": spaced_headers, "full-width-headers": full_width_headers, "shifou-headers": shifou_headers,
    "synonym-headers": synonym_headers, "history-kind-leixing": history_kind_leixing, "history-kind-bad": history_kind_bad,
    "serial-bianhao": serial_bianhao, "serial-xuhao": serial_xuhao, "role-twice": role_twice, "school-twice": school_twice,
    "placeholder-marks": placeholder_marks, "hidden-rows": hidden_rows, "footer": footer, "extra-columns": extra_columns,
    "unheaded-column": unheaded_column, "full-width-values": full_width_values, "long-number-id": long_number_id,
    "unknown-subjects": unknown_subjects, "school-by-name": school_by_name, "spaced-sheet-names": spaced_sheet_names,
    "missing-sheet": missing_sheet, "many-mistakes": many_mistakes,
}


def vary(source, folder, names):
    data = open(source, "rb").read()
    for name in names:
        book = openpyxl.load_workbook(io.BytesIO(data))
        VARIATIONS[name](book)
        book.save("%s/%s.xlsx" % (folder, name))


def bomb(source, out, part, size, declared=None):
    """`part` of `source` replaced by a sheet of `size` spaces, deflated as tightly as zlib can;
    with `declared`, the local header and central directory claim that inflated size instead."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename != part:
                zout.writestr(item, data)
                continue
            with zout.open(item.filename, "w", force_zip64=size > 2 ** 31) as stream:
                stream.write(data[: data.index(b"<sheetData>") + len(b"<sheetData>")])
                chunk = b" " * (1 << 24)
                left = size
                while left > 0:
                    stream.write(chunk[: min(left, len(chunk))])
                    left -= len(chunk)
                stream.write(b"</sheetData></worksheet>")
    if declared is None:
        return
    raw = bytearray(open(out, "rb").read())
    name = part.encode()
    # The local header (PK\3\4) holds the inflated size at 22, its name at 30; the central
    # directory's entry (PK\1\2) at 24 and 46.
    for signature, size_at, name_at in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        at = raw.find(signature)
        while at >= 0:
            if raw[at + name_at: at + name_at + len(name)] == name:
                struct.pack_into("<I", raw, at + size_at, declared)
            at = raw.find(signature, at + 4)
    open(out, "wb").write(raw)


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
    elif command == "vary":
        vary(arguments[0], arguments[1], arguments[2:])
    elif command == "bomb":
        bomb(arguments[0], arguments[1], arguments[2], int(arguments[3]), int(arguments[4]) if len(arguments) > 4 else None)
    else:
        raise SystemExit("unknown command " + command)


if __name__ == "__main__":
    main()
