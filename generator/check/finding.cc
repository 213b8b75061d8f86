#include "check/finding.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace bulletin {

const char* SeverityName(FindingSeverity severity) {
  switch (severity) {
    case FindingSeverity::kNote:
      return "note";
    case FindingSeverity::kWarning:
      return "warning";
    case FindingSeverity::kError:
      return "error";
  }
  return "error";
}

std::string Finding::Format() const {
  std::string out = path;
  if (line > 0) {
    out += ":" + std::to_string(line);
    if (column > 0) out += ":" + std::to_string(column);
  }
  return out + ": " + SeverityName(severity) + ": " + message;
}

void CheckReport::Add(Finding f) { items_.push_back(std::move(f)); }

void CheckReport::Add(std::string path, int line, int column, FindingSeverity severity,
                      std::string kind, std::string message) {
  items_.push_back({std::move(path), line, column, severity, std::move(kind), std::move(message)});
}

void CheckReport::AddDiagnostics(const Diagnostics& diags) {
  for (const Diagnostic& d : diags.items()) {
    Add(d.path, d.line, d.column,
        d.severity == Severity::kError ? FindingSeverity::kError : FindingSeverity::kWarning,
        "content", d.message);
  }
}

void CheckReport::MakeWarningsErrors() {
  for (Finding& f : items_) {
    if (f.severity == FindingSeverity::kWarning) f.severity = FindingSeverity::kError;
  }
}

int CheckReport::RemoveKind(const std::string& kind) {
  size_t before = items_.size();
  std::erase_if(items_, [&](const Finding& f) { return f.kind == kind; });
  return static_cast<int>(before - items_.size());
}

void CheckReport::Sort() {
  std::stable_sort(items_.begin(), items_.end(), [](const Finding& a, const Finding& b) {
    if (a.path != b.path) return a.path < b.path;
    if (a.line != b.line) return a.line < b.line;
    return a.column < b.column;
  });
}

int CheckReport::count(FindingSeverity severity) const {
  return static_cast<int>(std::count_if(items_.begin(), items_.end(),
                                        [&](const Finding& f) { return f.severity == severity; }));
}

std::string CheckReport::FormatText() const {
  std::string out;
  for (const Finding& f : items_) out += f.Format() + "\n";
  return out;
}

std::string CheckReport::FormatJson() const {
  nlohmann::json array = nlohmann::json::array();
  for (const Finding& f : items_) {
    array.push_back({{"path", f.path},
                     {"line", f.line},
                     {"column", f.column},
                     {"severity", SeverityName(f.severity)},
                     {"kind", f.kind},
                     {"message", f.message}});
  }
  return array.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

void AddToDiagnostics(const CheckReport& report, Diagnostics* diags) {
  for (const Finding& f : report.items()) {
    if (f.severity == FindingSeverity::kError) diags->Error(f.path, f.line, f.column, f.message);
    if (f.severity == FindingSeverity::kWarning) {
      diags->Warning(f.path, f.line, f.column, f.message);
    }
  }
}

}  // namespace bulletin
