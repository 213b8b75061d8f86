#include "core/diagnostics.h"

#include <algorithm>
#include <tuple>

namespace bulletin {

std::string Diagnostic::Format() const {
  std::string out = path;
  if (line > 0) {
    out += ':' + std::to_string(line);
    if (column > 0) out += ':' + std::to_string(column);
  }
  if (!out.empty()) out += ": ";
  out += severity == Severity::kError ? "error: " : "warning: ";
  out += message;
  return out;
}

void Diagnostics::Error(std::string path, int line, int column, std::string message) {
  Add({Severity::kError, std::move(path), line, column, std::move(message)});
}

void Diagnostics::Warning(std::string path, int line, int column, std::string message) {
  Add({Severity::kWarning, std::move(path), line, column, std::move(message)});
}

void Diagnostics::Add(Diagnostic d) {
  if (d.severity == Severity::kError) ++errors_;
  items_.push_back(std::move(d));
}

void Diagnostics::Merge(const Diagnostics& other) {
  for (const Diagnostic& d : other.items_) Add(d);
}

void Diagnostics::Sort() {
  std::stable_sort(items_.begin(), items_.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.path, a.line, a.column) < std::tie(b.path, b.line, b.column);
  });
}

std::string Diagnostics::FormatAll() const {
  std::string out;
  for (const Diagnostic& d : items_) out += d.Format() + '\n';
  return out;
}

}  // namespace bulletin
