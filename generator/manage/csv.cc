#include "manage/csv.h"

#include "core/text.h"

namespace bulletin {

namespace {

constexpr int kMaxEncodingErrors = 20;
constexpr std::string_view kBom = "\xEF\xBB\xBF";

// Walks the text keeping the line and column (in characters) of the current byte.
class Cursor {
 public:
  explicit Cursor(std::string_view text) : text_(text) {}

  bool done() const { return pos_ >= text_.size(); }
  char peek(size_t ahead = 0) const {
    return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0';
  }
  int line() const { return line_; }
  int column() const { return column_; }
  size_t pos() const { return pos_; }

  // Moves past one byte. A CR that starts CRLF counts as part of the line break.
  void Advance() {
    char c = text_[pos_++];
    if (c == '\n') {
      ++line_;
      column_ = 1;
    } else if ((static_cast<unsigned char>(c) & 0xc0) != 0x80) {
      ++column_;  // continuation bytes belong to the character already counted
    }
  }
  // True (and moves past it) at LF or CRLF.
  bool TakeLineBreak() {
    if (peek() == '\n') {
      Advance();
      return true;
    }
    if (peek() == '\r' && peek(1) == '\n') {
      Advance();
      Advance();
      return true;
    }
    return false;
  }

 private:
  std::string_view text_;
  size_t pos_ = 0;
  int line_ = 1;
  int column_ = 1;
};

// Reports each line holding bytes that are not UTF-8 (the first bad byte of the line).
void CheckEncoding(std::string_view text, const std::string& path, Diagnostics* diags) {
  int line = 1, column = 1, reported = 0, reported_line = 0;
  for (size_t i = 0; i < text.size();) {
    uint32_t cp = 0;
    size_t length = Utf8SequenceLength(text, i, &cp);
    if (length == 0) {
      if (line != reported_line) {
        if (++reported > kMaxEncodingErrors) {
          diags->Error(path, line, column,
                       "more lines are not UTF-8; save the file as 'CSV UTF-8' and try again");
          return;
        }
        diags->Error(path, line, column,
                     "this text is not UTF-8; save the file as 'CSV UTF-8 (comma delimited)' "
                     "(in Excel: File, Save As) and import it again");
        reported_line = line;
      }
      length = 1;
    } else if (cp == '\n') {
      ++line;
      column = 0;
    }
    i += length;
    ++column;
  }
}

}  // namespace

bool ReadCsv(std::string_view text, const std::string& path, Diagnostics* diags,
             std::vector<CsvRecord>* out) {
  const int errors_before = diags->error_count();
  if (text.substr(0, kBom.size()) == kBom) text.remove_prefix(kBom.size());
  CheckEncoding(text, path, diags);
  Cursor at(text);
  while (!at.done()) {
    CsvRecord record;
    record.line = at.line();
    bool record_ok = true;
    while (true) {
      std::string field;
      if (at.peek() == '"') {
        const int open_line = at.line(), open_column = at.column();
        at.Advance();
        bool closed = false;
        while (!at.done()) {
          if (at.peek() == '"') {
            at.Advance();
            if (at.peek() != '"') {
              closed = true;
              break;
            }
          }
          field += at.peek();
          at.Advance();
        }
        if (!closed) {
          diags->Error(path, open_line, open_column,
                       "this quoted field has no closing quote; end it with \" (a quote inside "
                       "a quoted field is written twice: \"\")");
          out->push_back(std::move(record));
          return false;
        }
        if (!at.done() && at.peek() != ',' && at.peek() != '\n' &&
            !(at.peek() == '\r' && at.peek(1) == '\n')) {
          diags->Error(path, at.line(), at.column(),
                       "text after the closing quote of a field; put the whole field in quotes "
                       "and write each quote inside it twice (\"\")");
          record_ok = false;
          while (!at.done() && at.peek() != ',' && at.peek() != '\n') at.Advance();
        }
      } else {
        while (!at.done() && at.peek() != ',' && at.peek() != '\n' &&
               !(at.peek() == '\r' && at.peek(1) == '\n')) {
          if (at.peek() == '"' && record_ok) {
            diags->Error(path, at.line(), at.column(),
                         "a quote inside a field that does not start with a quote; put the "
                         "whole field in quotes and write each quote inside it twice (\"\")");
            record_ok = false;
          }
          field += at.peek();
          at.Advance();
        }
      }
      record.fields.push_back(std::move(field));
      if (at.peek() == ',') {
        at.Advance();
        continue;
      }
      at.TakeLineBreak();
      break;
    }
    bool blank = record.fields.size() == 1 && record.fields[0].empty();
    if (!blank) out->push_back(std::move(record));
  }
  return diags->error_count() == errors_before;
}

std::string CsvCell(std::string_view value) {
  std::string cell;
  if (!value.empty() && (value[0] == '=' || value[0] == '+' || value[0] == '-' || value[0] == '@' ||
                         value[0] == '\t' || value[0] == '\r')) {
    cell += '\'';
  }
  cell += value;
  if (cell.find_first_of(",\"\r\n") == std::string::npos) return cell;
  std::string quoted = "\"";
  for (char c : cell) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

void AppendCsvRow(const std::vector<std::string>& cells, std::string* out) {
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) *out += ',';
    *out += CsvCell(cells[i]);
  }
  *out += "\r\n";
}

}  // namespace bulletin
