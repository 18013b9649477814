"""Builds one .xlsx workbook from CSV files with LibreOffice Calc, as an HR office would by
opening each CSV in Calc, gathering the sheets in one file and saving it as Excel 2007-365.

usage: csv_to_workbook.py SOFFICE OUT.xlsx CHARSET SHEET=FILE.csv [SHEET=FILE.csv ...]

CHARSET is LibreOffice's number for the files' encoding: 76 for UTF-8, 85 for GB18030
(rtl/textenc.h). Calc decides the
type of every cell itself (numbers, text), so the workbook is one nobody here wrote by hand.
Needs LibreOffice's Python bridge (Debian python3-uno).
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    item = PropertyValue()
    item.Name = name
    item.Value = value
    return item


def main():
    soffice, out, charset, pairs = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    profile = tempfile.mkdtemp(prefix="rotaplan-lo-")
    pipe = "rotaplan-" + uuid.uuid4().hex
    office = subprocess.Popen([
        soffice, "--headless", "--invisible", "--norestore", "--nologo", "--nodefault",
        "-env:UserInstallation=" + uno.systemPathToFileUrl(profile),
        "--accept=pipe,name=%s;urp;StarOffice.ComponentContext" % pipe,
    ], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    terminated = False
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        context = None
        # LibreOffice's first start with a new profile takes a few seconds, far longer on a busy
        # machine: a generous bound that only stops a hang, never a slow start.
        for _ in range(6000):
            try:
                context = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
                break
            except Exception:
                if office.poll() is not None:
                    raise SystemExit("soffice exited with status %d" % office.returncode)
                time.sleep(0.1)
        if context is None:
            raise SystemExit("could not connect to soffice")
        desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        # Comma, double quote, the charset, start at row 1; the rest as Calc's defaults.
        options = "44,34,%s,1" % charset
        target = None
        for index, pair in enumerate(pairs):
            name, path = pair.split("=", 1)
            document = desktop.loadComponentFromURL(
                uno.systemPathToFileUrl(os.path.abspath(path)), "_blank", 0,
                (prop("FilterName", "Text - txt - csv (StarCalc)"), prop("FilterOptions", options), prop("Hidden", True)))
            if document is None:
                raise SystemExit("LibreOffice could not open " + path)
            sheets = document.getSheets()
            if target is None:
                target = document
                sheets.getByIndex(0).setName(name)
            else:
                target.getSheets().importSheet(document, sheets.getElementNames()[0], index)
                target.getSheets().getByIndex(index).setName(name)
                document.close(True)
        target.storeToURL(uno.systemPathToFileUrl(os.path.abspath(out)),
                          (prop("FilterName", "Calc MS Excel 2007 XML"),))
        target.close(True)
        try:
            desktop.terminate()
        except Exception:
            pass  # The bridge closes as LibreOffice exits.
        terminated = True
    finally:
        if terminated:
            try:
                office.wait(timeout=60)
            except subprocess.TimeoutExpired:
                pass
        # soffice is a wrapper that starts soffice.bin in its session: end whatever is left.
        try:
            os.killpg(office.pid, 9)
        except ProcessLookupError:
            pass
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    main()
