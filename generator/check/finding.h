#pragma once

#include <string>
#include <vector>

#include "core/diagnostics.h"

namespace bulletin {

enum class FindingSeverity { kNote, kWarning, kError };

/// "note", "warning", "error".
const char* SeverityName(FindingSeverity severity);

/// One thing `bulletin check` found, located at path:line:col (1-based; 0 =
/// unknown).
struct Finding {
  std::string path;
  int line = 0;
  int column = 0;
  FindingSeverity severity = FindingSeverity::kWarning;
  /// What family of check found it: "content", "link", "anchor",
  /// "external-link", "identifying-detail", "heading", "alt-text", "link-text",
  /// "sentence-length", "reading-ease", "think-prompt".
  std::string kind;
  std::string message;

  /// "path:line:col: warning: message", leaving out a line or column that is 0.
  std::string Format() const;
};

/// Every finding of a check run, in a stable order.
class CheckReport {
 public:
  void Add(Finding f);
  void Add(std::string path, int line, int column, FindingSeverity severity, std::string kind,
           std::string message);
  /// Adds a build's diagnostics as findings of kind "content".
  void AddDiagnostics(const Diagnostics& diags);
  /// Turns every warning into an error (`--strict`).
  void MakeWarningsErrors();
  /// Removes the findings of `kind`; returns how many there were.
  int RemoveKind(const std::string& kind);
  /// Sorts by path, line, column (stable).
  void Sort();

  int count(FindingSeverity severity) const;
  bool HasErrors() const { return count(FindingSeverity::kError) > 0; }
  const std::vector<Finding>& items() const { return items_; }

  /// Every finding formatted, one per line.
  std::string FormatText() const;
  /// A JSON array of {path, line, column, severity, kind, message}.
  std::string FormatJson() const;

 private:
  std::vector<Finding> items_;
};

/// Appends `report`'s warnings and errors (not notes) to `diags`.
void AddToDiagnostics(const CheckReport& report, Diagnostics* diags);

}  // namespace bulletin
