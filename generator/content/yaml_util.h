#pragma once

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>
#include <vector>

#include "core/diagnostics.h"

namespace bulletin {

/// The whole number `YamlReader::Int` accepts: up to nine digits, maybe after a '-'.
std::optional<int> ParseWholeNumber(const std::string& text);

/// Reads YAML values while reporting mistakes at their file position. `line_offset` is
/// the file line of the YAML text's first line, minus one.
class YamlReader {
 public:
  YamlReader(std::string path, int line_offset, Diagnostics* diags)
      : path_(std::move(path)), line_offset_(line_offset), diags_(diags) {}

  /// Parses text; returns false (with a located error) on a syntax error or
  /// if the top level is not a mapping.
  /// `syntax_line` (may be null) receives the 0-based line of `text` where a syntax error
  /// was found, or -1.
  bool Load(const std::string& text, YAML::Node* root, int* syntax_line = nullptr);

  int Line(const YAML::Node& node) const { return node.Mark().line + 1 + line_offset_; }
  int Column(const YAML::Node& node) const { return node.Mark().column + 1; }

  void Error(const YAML::Node& at, const std::string& message);
  void Warning(const YAML::Node& at, const std::string& message);

  /// A scalar that is not empty. Reports and returns nullopt otherwise.
  std::optional<std::string> String(const YAML::Node& node, const std::string& field);
  std::optional<bool> Bool(const YAML::Node& node, const std::string& field);
  std::optional<int> Int(const YAML::Node& node, const std::string& field);
  /// A list of non-empty strings; a single scalar is accepted as a list of one.
  std::optional<std::vector<std::string>> StringList(const YAML::Node& node,
                                                     const std::string& field);

  /// Reports keys of `map` not in `known`, suggesting the closest known one.
  void CheckKnownKeys(const YAML::Node& map, const std::vector<std::string>& known,
                      const std::string& what);

  const std::string& path() const { return path_; }
  Diagnostics* diags() const { return diags_; }

 private:
  std::string path_;
  int line_offset_;
  Diagnostics* diags_;
};

}  // namespace bulletin
