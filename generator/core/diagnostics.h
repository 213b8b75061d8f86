#pragma once

#include <string>
#include <vector>

namespace bulletin {

enum class Severity { kWarning, kError };

/// One message about the input, located at path:line:col (1-based; 0 = unknown).
struct Diagnostic {
  Severity severity = Severity::kError;
  std::string path;
  int line = 0;
  int column = 0;
  std::string message;

  /// "path:line:col: error: message", leaving out a line or column that is 0.
  std::string Format() const;
};

/// Collects every diagnostic of a run, so a run reports all problems, not the first.
class Diagnostics {
 public:
  void Error(std::string path, int line, int column, std::string message);
  void Warning(std::string path, int line, int column, std::string message);
  void Add(Diagnostic d);
  /// Appends all of `other`'s diagnostics.
  void Merge(const Diagnostics& other);

  bool HasErrors() const { return errors_ > 0; }
  int error_count() const { return errors_; }
  int warning_count() const { return static_cast<int>(items_.size()) - errors_; }
  const std::vector<Diagnostic>& items() const { return items_; }

  /// Sorts by path, line, column (stable), so output does not depend on load order.
  void Sort();
  /// Every diagnostic formatted, one per line.
  std::string FormatAll() const;

 private:
  std::vector<Diagnostic> items_;
  int errors_ = 0;
};

}  // namespace bulletin
