"""website.core.exports: the one formula-safe spreadsheet writer, row by row."""

import io

from openpyxl import load_workbook

from website.core.exports import Sheet, sheet_title, xlsx_bytes, xlsx_response

HOSTILE = '=HYPERLINK("http://evil.example","点击")'


def cells(workbook):
    return {
        name: [[cell.value for cell in row] for row in workbook[name].iter_rows()]
        for name in workbook.sheetnames
    }


def test_text_that_looks_like_a_formula_stays_text_and_none_is_empty():
    body = xlsx_bytes([Sheet("名单", ("姓名", "备注"), [[HOSTILE, None], ["-1+2", 3]])])
    workbook = load_workbook(io.BytesIO(body))
    assert cells(workbook) == {"名单": [["姓名", "备注"], [HOSTILE, None], ["-1+2", 3]]}
    sheet = workbook["名单"]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert sheet["A1"].font.bold and sheet.freeze_panes == "A2"


def test_sheet_titles_are_made_valid_and_unique():
    used: set[str] = set()
    assert sheet_title("分论坛A: 设备/技术?", used) == "分论坛A  设备 技术 "
    assert sheet_title("分论坛A: 设备/技术?", used) == "分论坛A  设备 技术  2"
    assert sheet_title("", used) == "-"
    body = xlsx_bytes([Sheet("同名", ("a",), []), Sheet("同名", ("a",), [])])
    assert load_workbook(io.BytesIO(body)).sheetnames == ["同名", "同名 2"]


def test_no_sheets_still_make_a_workbook_excel_opens():
    assert load_workbook(io.BytesIO(xlsx_bytes([]))).sheetnames == ["-"]


def test_the_response_streams_a_download_of_any_length():
    rows = ([f"单位{n}", n] for n in range(20_000))  # a generator: never held as a list
    response = xlsx_response("名录.xlsx", [Sheet("单位", ("名称", "序号"), rows)])

    assert response.streaming
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.getvalue()), read_only=True)["单位"]
    assert sum(1 for _row in sheet.iter_rows(values_only=True)) == 20_001
