#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostics.h"

namespace bulletin {

/// One record of a CSV file, with the file line it starts on (1-based; a quoted field may
/// hold newlines, so the next record can start several lines later).
struct CsvRecord {
  int line = 0;
  std::vector<std::string> fields;
};

/// Reads RFC 4180 CSV: fields separated by commas, records by CRLF or LF, fields that hold
/// commas, quotes or newlines wrapped in double quotes with inner quotes doubled. A UTF-8
/// byte order mark at the start is skipped; blank lines are skipped. Returns false and
/// adds one diagnostic per problem (path:line:col, with how to fix it) for stray quotes,
/// an unterminated quoted field and invalid UTF-8; the records read are still in *out.
bool ReadCsv(std::string_view text, const std::string& path, Diagnostics* diags,
             std::vector<CsvRecord>* out);

/// One CSV cell for a spreadsheet: quoted when it holds a comma, quote, CR or LF; a cell a
/// spreadsheet would run as a formula (starting with = + - @, tab or CR) gets a leading
/// apostrophe, so it is shown as text.
std::string CsvCell(std::string_view value);

/// Starts a CSV file for download: Excel on Windows reads a file as UTF-8 only after this
/// byte-order mark, and garbles "Zoë Ní Bhriain" without it. ReadCsv skips it.
inline constexpr char kCsvUtf8Bom[] = "\xEF\xBB\xBF";

/// Appends one record (cells through CsvCell, joined by commas) and CRLF to *out.
void AppendCsvRow(const std::vector<std::string>& cells, std::string* out);

}  // namespace bulletin
