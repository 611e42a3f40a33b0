"""How sizes, dates and media types read in the interface (French by default: "12,3 Mo",
"26/11/2026 21:03", "Document PDF").

`format_size` is the interface's only size formatter: decimal units (1 Mo = 1 000 000 octets,
as disks and the operating system's file managers count) named as an office knows them
("Ko/Mo/Go" in French, "KB/MB/GB" in English). Units are our own translated strings rather
than `QLocale.formattedDataSize`, which writes "Kio/Mio" (binary) in French and depends on Qt's
own catalogue being shipped."""

from __future__ import annotations

from datetime import UTC, date, datetime

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QLocale, QTime, QTimeZone


def _tr(text: str) -> str:
    return QCoreApplication.translate("Formats", text)


def format_size(size: int) -> str:
    """'1 octet', '999 octets', '1,2 Ko', '12,3 Mo', '123 Go' (one decimal below 100)."""
    locale = QLocale()
    if size < 1000:
        return _tr("1 byte") if size == 1 else _tr("%1 bytes").replace("%1", locale.toString(size))
    units = (_tr("%1 KB"), _tr("%1 MB"), _tr("%1 GB"), _tr("%1 TB"))
    value = float(size)
    for unit in units:
        value /= 1000
        # 999 950 bytes would round to "1000,0 Ko": carry it to the next unit instead.
        if round(value, 1 if value < 100 else 0) < 1000 or unit is units[-1]:
            digits = 0 if value >= 100 else 1
            return unit.replace("%1", locale.toString(value, "f", digits))
    raise AssertionError("unreachable")


def local_datetime(moment: datetime) -> QDateTime:
    utc = moment.astimezone(UTC)
    stamp = QDateTime(QDate(utc.year, utc.month, utc.day),
                      QTime(utc.hour, utc.minute, utc.second), QTimeZone.utc())
    return stamp.toLocalTime()


def format_datetime(moment: datetime) -> str:
    """Short local date and time, in the interface's locale."""
    return QLocale().toString(local_datetime(moment), QLocale.FormatType.ShortFormat)


def format_date(day: date) -> str:
    # "31 mars 2056" / "31 March 2056": the long format would add the weekday.
    return QLocale().toString(QDate(day.year, day.month, day.day), "d MMMM yyyy")


_KNOWN_TYPES = {
    "application/pdf": "PDF document",
    "image/png": "PNG image",
    "image/jpeg": "JPEG image",
    "image/gif": "GIF image",
    "image/tiff": "TIFF image",
    "image/webp": "WebP image",
    "image/bmp": "BMP image",
    "text/plain": "Text",
    "text/csv": "CSV table",
    "text/html": "Web page",
    "message/rfc822": "E-mail",
    "application/zip": "ZIP archive",
    "application/msword": "Word document",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word document",
    "application/vnd.ms-excel": "Excel workbook",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel workbook",
    "application/vnd.oasis.opendocument.text": "OpenDocument text",
    "application/vnd.oasis.opendocument.spreadsheet": "OpenDocument spreadsheet",
    "application/octet-stream": "File",
}


def is_known_type(media_type: str) -> bool:
    """Whether `type_label` has a name people use for `media_type` (not just "File")."""
    return media_type in _KNOWN_TYPES and media_type != "application/octet-stream"


def type_label(media_type: str) -> str:
    """A name people use for the type ("PDF document"), else the subtype ("File (XML)")."""
    known = _KNOWN_TYPES.get(media_type)
    if known is not None:
        return _tr(known)
    subtype = media_type.partition("/")[2].split("+")[0].split(".")[-1].upper()
    return _tr("File (%1)").replace("%1", subtype or "?")


def _mark_for_translation() -> None:
    # pyside6-lupdate extracts literal strings only: the labels above are listed here once.
    for text in (
        QCoreApplication.translate("Formats", "PDF document"),
        QCoreApplication.translate("Formats", "PNG image"),
        QCoreApplication.translate("Formats", "JPEG image"),
        QCoreApplication.translate("Formats", "GIF image"),
        QCoreApplication.translate("Formats", "TIFF image"),
        QCoreApplication.translate("Formats", "WebP image"),
        QCoreApplication.translate("Formats", "BMP image"),
        QCoreApplication.translate("Formats", "Text"),
        QCoreApplication.translate("Formats", "CSV table"),
        QCoreApplication.translate("Formats", "Web page"),
        QCoreApplication.translate("Formats", "E-mail"),
        QCoreApplication.translate("Formats", "ZIP archive"),
        QCoreApplication.translate("Formats", "Word document"),
        QCoreApplication.translate("Formats", "Excel workbook"),
        QCoreApplication.translate("Formats", "OpenDocument text"),
        QCoreApplication.translate("Formats", "OpenDocument spreadsheet"),
        QCoreApplication.translate("Formats", "File"),
        QCoreApplication.translate("Formats", "File (%1)"),
        QCoreApplication.translate("Formats", "%1 bytes"),
        QCoreApplication.translate("Formats", "1 byte"),
        QCoreApplication.translate("Formats", "%1 KB"),
        QCoreApplication.translate("Formats", "%1 MB"),
        QCoreApplication.translate("Formats", "%1 GB"),
        QCoreApplication.translate("Formats", "%1 TB"),
    ):
        del text


def is_pdf(media_type: str) -> bool:
    return media_type == "application/pdf"


def is_image(media_type: str) -> bool:
    return media_type in ("image/png", "image/jpeg", "image/gif", "image/bmp", "image/webp")
