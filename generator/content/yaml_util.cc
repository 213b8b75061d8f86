#include "content/yaml_util.h"

#include "core/text.h"

namespace bulletin {

bool YamlReader::Load(const std::string& text, YAML::Node* root, int* syntax_line) {
  if (syntax_line) *syntax_line = -1;
  try {
    *root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    if (syntax_line) *syntax_line = e.mark.line;
    diags_->Error(path_, e.mark.line + 1 + line_offset_, e.mark.column + 1,
                  "YAML syntax: " + e.msg +
                      " (check indentation, and put text containing ': ' or '#' in quotes)");
    return false;
  }
  if (root->IsNull()) {
    *root = YAML::Node(YAML::NodeType::Map);
    return true;
  }
  if (!root->IsMap()) {
    Error(*root, "expected 'field: value' lines");
    return false;
  }
  return true;
}

void YamlReader::Error(const YAML::Node& at, const std::string& message) {
  diags_->Error(path_, Line(at), Column(at), message);
}

void YamlReader::Warning(const YAML::Node& at, const std::string& message) {
  diags_->Warning(path_, Line(at), Column(at), message);
}

std::optional<std::string> YamlReader::String(const YAML::Node& node, const std::string& field) {
  if (!node.IsScalar()) {
    Error(node, "'" + field + "' must be a single line of text");
    return std::nullopt;
  }
  std::string value(Trim(node.Scalar()));
  if (value.empty()) {
    Error(node, "'" + field + "' is empty; give it a value or remove the line");
    return std::nullopt;
  }
  return value;
}

std::optional<bool> YamlReader::Bool(const YAML::Node& node, const std::string& field) {
  if (node.IsScalar()) {
    const std::string& s = node.Scalar();
    if (s == "true") return true;
    if (s == "false") return false;
  }
  Error(node, "'" + field + "' must be true or false");
  return std::nullopt;
}

std::optional<int> ParseWholeNumber(const std::string& s) {
  bool digits = !s.empty() && s.size() < 10;
  for (size_t i = 0; i < s.size() && digits; ++i) {
    digits = (s[i] >= '0' && s[i] <= '9') || (i == 0 && s[i] == '-' && s.size() > 1);
  }
  if (!digits) return std::nullopt;
  return std::stoi(s);
}

std::optional<int> YamlReader::Int(const YAML::Node& node, const std::string& field) {
  if (node.IsScalar()) {
    if (auto n = ParseWholeNumber(node.Scalar())) return n;
  }
  Error(node, "'" + field + "' must be a whole number");
  return std::nullopt;
}

std::optional<std::vector<std::string>> YamlReader::StringList(const YAML::Node& node,
                                                               const std::string& field) {
  std::vector<std::string> out;
  if (node.IsScalar()) {
    auto s = String(node, field);
    if (!s) return std::nullopt;
    out.push_back(*s);
    return out;
  }
  if (!node.IsSequence()) {
    Error(node, "'" + field + "' must be a list, for example: " + field + ": [first, second]");
    return std::nullopt;
  }
  bool ok = true;
  for (const YAML::Node& item : node) {
    if (!item.IsScalar() || Trim(item.Scalar()).empty()) {
      Error(item, "each item of '" + field + "' must be a short piece of text");
      ok = false;
      continue;
    }
    out.emplace_back(Trim(item.Scalar()));
  }
  if (!ok) return std::nullopt;
  return out;
}

void YamlReader::CheckKnownKeys(const YAML::Node& map, const std::vector<std::string>& known,
                                const std::string& what) {
  for (auto it = map.begin(); it != map.end(); ++it) {
    const YAML::Node key = it->first;  // a copy: the iterator yields a temporary pair
    std::string name = key.IsScalar() ? key.Scalar() : "";
    bool found = false;
    for (const std::string& k : known) found = found || k == name;
    if (found) continue;
    std::string msg = "unknown field '" + name + "' in " + what;
    std::string guess = ClosestMatch(name, known);
    if (!guess.empty()) {
      msg += "; did you mean '" + guess + "'?";
    } else {
      msg += "; the fields are: " + Join(known, ", ");
    }
    Error(key, msg);
  }
}

}  // namespace bulletin
