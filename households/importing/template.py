"""The downloadable template: the columns in order, as XLSX (with hints) or CSV."""

from __future__ import annotations

import csv
import io

from .columns import COLUMNS

INSTRUCTIONS = [
    ("Cột", "Cách ghi"),
    ("Họ và tên", "Bắt buộc."),
    ("Ngày sinh", "Bắt buộc, dạng dd/mm/yyyy, ví dụ 05/09/1960."),
    ("Giới tính", "Nam hoặc Nữ."),
    ("Số CCCD", "12 chữ số (để trống nếu chưa có). Phải khớp năm sinh và giới tính. Số đã che "
     "(********1234) trong danh sách tải về được giữ nguyên."),
    ("Số điện thoại", "10 chữ số, bắt đầu bằng 0."),
    ("Khu phố/Ấp", "Bắt buộc. Khu phố/ấp chưa có sẽ được tạo mới."),
    ("Mã hộ", "Bắt buộc. Các thành viên cùng hộ ghi cùng một mã; mã không trùng trong phường/xã."),
    ("Địa chỉ hộ", "Địa chỉ của hộ."),
    ("Chủ hộ", "Ghi x cho chủ hộ."),
    ("Nhóm", "Công nhân, Tiểu thương, Nông dân, Dân tộc thiểu số, Người khuyết tật (cách nhau "
     "bằng dấu phẩy)."),
    ("VNeID", "0 = chưa có, 1 = mức 1, 2 = mức 2."),
    ("Tài khoản ngân hàng", "có hoặc không."),
    ("Ví điện tử", "có hoặc không."),
    ("", "Ô để trống giữ nguyên thông tin đã có. Nhập lại cùng một tệp không làm thay đổi gì."),
]  # fmt: skip


def template_csv() -> bytes:
    """The header row, UTF-8 with BOM so that Excel shows the accents."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow([column.header for column in COLUMNS])
    return ("\ufeff" + buffer.getvalue()).encode()


def template_xlsx() -> bytes:
    """A workbook: the roster sheet first (read by the import), then the instructions."""
    import openpyxl
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Danh sách"
    sheet.append([column.header for column in COLUMNS])
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet[f"{letter}1"].font = Font(bold=True)
        sheet.column_dimensions[letter].width = max(14, len(column.header) + 4)
        if column.key in ("date_of_birth", "cccd", "phone", "household_code"):
            # Text cells keep leading zeros and the dd/mm/yyyy the person typed.
            for row in range(2, 5001):
                sheet[f"{letter}{row}"].number_format = "@"
    choices = {"gender": '"Nam,Nữ"', "vneid": '"0,1,2"', "is_head": '"x"'}
    choices |= {"has_bank_account": '"có,không"', "has_ewallet": '"có,không"'}
    for index, column in enumerate(COLUMNS, start=1):
        if column.key in choices:
            validation = DataValidation(type="list", formula1=choices[column.key], allow_blank=True)
            sheet.add_data_validation(validation)
            validation.add(f"{get_column_letter(index)}2:{get_column_letter(index)}5000")
    sheet.freeze_panes = "A2"
    guide = workbook.create_sheet("Hướng dẫn")
    for row in INSTRUCTIONS:
        guide.append(row)
    guide["A1"].font = guide["B1"].font = Font(bold=True)
    guide.column_dimensions["A"].width = 22
    guide.column_dimensions["B"].width = 90
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
