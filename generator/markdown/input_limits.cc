#include "markdown/input_limits.h"

#include <vector>

namespace bulletin {
namespace {

struct Line {
  std::string_view content;  // after block quote markers and indentation
  int quote_depth = 0;
  int number = 0;  // 1-based body line
  int column = 1;  // 1-based column of `content`
};

std::vector<Line> SplitLines(std::string_view text) {
  std::vector<Line> lines;
  size_t start = 0;
  int number = 1;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view raw = text.substr(start, end - start);
    if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
    Line line;
    line.number = number++;
    size_t i = 0;
    while (i < raw.size() && (raw[i] == ' ' || raw[i] == '\t' || raw[i] == '>')) {
      if (raw[i] == '>') ++line.quote_depth;
      ++i;
    }
    line.content = raw.substr(i);
    line.column = static_cast<int>(i) + 1;
    lines.push_back(line);
    if (end == text.size()) break;
    start = end + 1;
  }
  return lines;
}

bool IsBlank(std::string_view s) { return s.find_first_not_of(" \t") == std::string_view::npos; }

bool IsFence(std::string_view s) {
  return s.size() >= 3 && (s.substr(0, 3) == "```" || s.substr(0, 3) == "~~~");
}

// Cells in a table row: unescaped pipes + 1, less a leading and a trailing pipe.
int CountCells(std::string_view row) {
  while (!row.empty() && (row.back() == ' ' || row.back() == '\t')) row.remove_suffix(1);
  int pipes = 0;
  for (size_t i = 0; i < row.size(); ++i) {
    if (row[i] == '\\') {
      ++i;
    } else if (row[i] == '|') {
      ++pipes;
    }
  }
  int cells = pipes + 1;
  if (!row.empty() && row.front() == '|') --cells;
  if (row.size() > 1 && row.back() == '|' && row[row.size() - 2] != '\\') --cells;
  return cells < 1 ? 1 : cells;
}

// `|---|:--:|`, `--- | ---`: only pipes, colons, dashes and spaces, with a dash.
bool IsDelimiterRow(std::string_view s) {
  constexpr std::string_view kAllowed = "|:- \t";
  // Most lines fail at their first character; no need to scan them.
  if (s.empty() || kAllowed.find(s[0]) == std::string_view::npos) return false;
  if (s.find('-') == std::string_view::npos) return false;
  return s.find_first_not_of(kAllowed) == std::string_view::npos;
}

class LimitChecker {
 public:
  LimitChecker(const std::string& path, int first_line, const MarkdownLimits& limits,
               Diagnostics* diags)
      : path_(path), first_line_(first_line), limits_(limits), diags_(diags) {}

  void Check(std::string_view text) {
    if (text.size() > limits_.max_bytes) {
      Error(1, 1,
            "file is " + Kb(text.size()) + "; the limit is " + Kb(limits_.max_bytes) +
                ": split it into several briefs");
      return;  // the other scans would only repeat the same complaint at length
    }
    std::vector<Line> lines = SplitLines(text);
    CheckQuoteDepth(lines);
    CheckTables(lines);
    CheckBrackets(lines);
  }

  bool ok() const { return ok_; }

 private:
  static std::string Kb(size_t bytes) { return std::to_string((bytes + 1023) / 1024) + " KB"; }

  void Error(int body_line, int column, std::string message) {
    diags_->Error(path_, first_line_ + body_line - 1, column, std::move(message));
    ok_ = false;
  }

  void CheckQuoteDepth(const std::vector<Line>& lines) {
    for (const Line& line : lines) {
      if (line.quote_depth > limits_.max_nesting) {
        Error(line.number, 1,
              "block quotes nest " + std::to_string(line.quote_depth) + " deep; the limit is " +
                  std::to_string(limits_.max_nesting));
        return;
      }
    }
  }

  void CheckTables(const std::vector<Line>& lines) {
    bool in_fence = false;
    for (size_t i = 0; i < lines.size(); ++i) {
      if (IsFence(lines[i].content)) in_fence = !in_fence;
      if (in_fence || i == 0 || !IsDelimiterRow(lines[i].content) ||
          IsBlank(lines[i - 1].content)) {
        continue;
      }
      const Line& header = lines[i - 1];
      int columns = std::max(CountCells(lines[i].content), CountCells(header.content));
      size_t end = i + 1;
      int widest_row = 0, widest_line = 0;
      while (end < lines.size() && !IsBlank(lines[end].content)) {
        int cells = CountCells(lines[end].content);
        if (cells > widest_row) widest_row = cells, widest_line = lines[end].number;
        ++end;
      }
      long rows = static_cast<long>(end - i);  // the header and the body rows
      std::string fix = ": split it into narrower tables";
      if (columns > limits_.max_table_columns) {
        Error(header.number, header.column,
              "table has " + std::to_string(columns) + " columns; the limit is " +
                  std::to_string(limits_.max_table_columns) + fix);
      } else if (widest_row > limits_.max_table_columns) {
        Error(widest_line, 1,
              "table row has " + std::to_string(widest_row) + " cells; the limit is " +
                  std::to_string(limits_.max_table_columns) + fix);
      } else if (columns * rows > limits_.max_table_cells) {
        Error(header.number, header.column,
              "table has " + std::to_string(columns * rows) + " cells (" + std::to_string(rows) +
                  " rows of " + std::to_string(columns) + " columns); the limit is " +
                  std::to_string(limits_.max_table_cells) + ": split it into several tables");
      }
      i = end;
    }
  }

  // cmark-gfm walks every open '[' each time a link closes, so a paragraph with many
  // unclosed brackets (`![[]()` repeated) is quadratic. Depth resets at a blank line.
  void CheckBrackets(const std::vector<Line>& lines) {
    bool in_fence = false;
    int depth = 0;
    for (const Line& line : lines) {
      if (IsFence(line.content)) in_fence = !in_fence;
      if (in_fence || IsBlank(line.content)) {
        depth = 0;
        continue;
      }
      std::string_view s = line.content;
      // Most lines open no bracket; with none open before, such a line changes nothing.
      if (depth == 0 && s.find('[') == std::string_view::npos) continue;
      for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\\') {
          ++i;
        } else if (s[i] == ']') {
          if (depth > 0) --depth;
        } else if (s[i] == '[' && ++depth > limits_.max_nesting) {
          Error(line.number, line.column + static_cast<int>(i),
                std::to_string(depth) + " '[' are open here; the limit is " +
                    std::to_string(limits_.max_nesting) +
                    ": close them with ']' or write a literal bracket as \\[");
          return;
        }
      }
    }
  }

  const std::string& path_;
  int first_line_;
  const MarkdownLimits& limits_;
  Diagnostics* diags_;
  bool ok_ = true;
};

}  // namespace

bool CheckInputLimits(std::string_view text, const std::string& path, int first_line,
                      const MarkdownLimits& limits, Diagnostics* diags) {
  LimitChecker checker(path, first_line, limits, diags);
  checker.Check(text);
  return checker.ok();
}

}  // namespace bulletin
