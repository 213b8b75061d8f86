// A reader for the front matter nearly every file has, so that loading thousands of
// briefs does not spend most of its time in yaml-cpp. It accepts only what it reads
// exactly as yaml-cpp does, and only front matter the yaml-cpp reader would take
// without a word: at anything else (a tab, a comment after a value, an unknown field, a
// bad date, a missing one) it gives up, and ParseDocument reads the file with yaml-cpp.
//
// It accepts `key: value` lines at column 0 (keys [a-z_]+, each once), blank lines and
// `# comment` lines, Unix or Windows line ends. A value is one of
//   - plain text: not starting with a YAML indicator, without ": " or " #", not ending
//     in ':', and not a null (~, null);
//   - "double quoted" without backslashes, or 'single quoted' ('' for a quote);
//   - a [flow, list] of plain items without brackets, '#', ':' or '?';
//   - a `>`, `>-`, `|` or `|-` block of lines indented alike, none blank;
//   - after `key:` alone, `- item` lines indented alike, each item plain or quoted.
// tests/content/front_matter_fast_test.cc holds it to the yaml-cpp reader.

#include "content/front_matter_fast.h"

#include <algorithm>
#include <optional>

#include "content/front_matter.h"
#include "content/yaml_util.h"
#include "core/text.h"

namespace bulletin {
namespace {

constexpr size_t npos = std::string_view::npos;

struct Value {
  bool is_list = false;
  std::string text;                // when !is_list
  std::vector<std::string> items;  // when is_list
};

struct Field {
  std::string_view key;
  int line = 0;
  Value value;
};

// No character that yaml-cpp treats specially wherever it is, or that YAML counts as
// unprintable or as a line break: control characters (a tab, a lone '\r', the 0x04
// yaml-cpp takes for the end of its input), DEL, the C1 controls, the line and paragraph
// separators, a byte order mark.
bool OnlyPlainCharacters(std::string_view text) {
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n' || (c == '\r' && text.substr(i + 1, 1) == "\n")) continue;
    if (c < 0x20 || c == 0x7F) return false;
    const std::string_view rest = text.substr(i);
    if (c == 0xC2 && rest.size() > 1 && static_cast<unsigned char>(rest[1]) <= 0x9F) {
      return false;
    }
    if (rest.starts_with("\xE2\x80\xA8") || rest.starts_with("\xE2\x80\xA9") ||
        rest.starts_with("\xEF\xBB\xBF")) {
      return false;
    }
  }
  return true;
}

std::vector<std::string_view> SplitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  for (size_t pos = 0; pos < text.size();) {
    const size_t end = text.find('\n', pos);
    std::string_view line = text.substr(pos, end - pos);
    if (line.ends_with('\r')) line.remove_suffix(1);
    lines.push_back(line);
    pos = end == npos ? text.size() : end + 1;
  }
  return lines;
}

bool IsNull(std::string_view v) { return v == "~" || v == "null" || v == "Null" || v == "NULL"; }

// A one-line plain scalar that yaml-cpp reads as this very text.
bool IsPlainText(std::string_view v) {
  static constexpr std::string_view kIndicators = "-?:,[]{}#&*!|>'\"%@`";
  return !v.empty() && kIndicators.find(v.front()) == npos && v.find(": ") == npos &&
         v.find(" #") == npos && !v.ends_with(':') && !v.ends_with(' ') && !IsNull(v);
}

std::optional<std::string> QuotedText(std::string_view v) {
  const char quote = v.front();
  std::string out;
  for (size_t i = 1; i < v.size(); ++i) {
    if (quote == '"' && v[i] == '\\') return std::nullopt;
    if (v[i] != quote) {
      out += v[i];
    } else if (quote == '\'' && v.substr(i + 1, 1) == "'") {
      out += '\'';
      ++i;
    } else {
      if (i + 1 != v.size()) return std::nullopt;  // text after the closing quote
      return out;
    }
  }
  return std::nullopt;  // the closing quote is on a later line
}

std::optional<std::string> ScalarText(std::string_view v) {
  if (v.starts_with('"') || v.starts_with('\'')) return QuotedText(v);
  if (!IsPlainText(v)) return std::nullopt;
  return std::string(v);
}

std::optional<std::vector<std::string>> FlowList(std::string_view v) {
  if (!v.ends_with(']')) return std::nullopt;
  std::string_view inner = Trim(v.substr(1, v.size() - 2));
  std::vector<std::string> items;
  while (!inner.empty()) {
    const size_t comma = inner.find(',');
    const std::string_view item = Trim(inner.substr(0, comma));
    // '?' ends a plain scalar anywhere in a flow collection.
    if (!IsPlainText(item) || item.find_first_of("[]{}#:?") != npos) return std::nullopt;
    items.emplace_back(item);
    if (comma == npos) break;
    inner.remove_prefix(comma + 1);
    if (Trim(inner).empty()) return std::nullopt;  // a trailing comma
  }
  return items;
}

// The lines of a block scalar from lines[*i] on; *i moves past them.
std::optional<std::string> BlockText(std::string_view header,
                                     const std::vector<std::string_view>& lines, size_t* i) {
  if (header != ">" && header != ">-" && header != "|" && header != "|-") return std::nullopt;
  const char join = header.front() == '>' ? ' ' : '\n';
  const size_t indent = *i < lines.size() ? lines[*i].find_first_not_of(' ') : 0;
  if (indent == 0 || indent == npos) return std::nullopt;
  std::string out;
  for (; *i < lines.size() && lines[*i].starts_with(' '); ++*i) {
    const std::string_view line = lines[*i];
    // More indented lines and trailing spaces fold differently; not worth matching.
    if (line.find_first_not_of(' ') != indent || line.ends_with(' ')) return std::nullopt;
    if (!out.empty()) out += join;
    out.append(line.substr(indent));
  }
  if (header.size() == 1) out += '\n';  // clip chomping keeps the last line end
  return out;
}

// `- item` lines from lines[*i] on; *i moves past them.
std::optional<std::vector<std::string>> BlockList(const std::vector<std::string_view>& lines,
                                                  size_t* i) {
  std::vector<std::string> items;
  size_t indent = npos;
  for (; *i < lines.size(); ++*i) {
    const std::string_view line = lines[*i];
    const size_t dash = line.find_first_not_of(' ');
    if (dash == npos || line[dash] != '-') break;
    if (indent == npos) indent = dash;
    if (dash != indent || line.substr(dash, 2) != "- ") return std::nullopt;
    auto item = ScalarText(Trim(line.substr(dash + 2)));
    if (!item) return std::nullopt;
    items.push_back(std::move(*item));
  }
  if (items.empty()) return std::nullopt;  // `key:` with no value: a null
  return items;
}

// The value starting at `v`, the rest of a `key:` line; *i is the next line's index.
std::optional<Value> ReadValue(std::string_view v, const std::vector<std::string_view>& lines,
                               size_t* i) {
  Value value;
  if (v.empty() || v.front() == '[') {
    auto items = v.empty() ? BlockList(lines, i) : FlowList(v);
    if (!items) return std::nullopt;
    value.is_list = true;
    value.items = std::move(*items);
    return value;
  }
  auto text = v.front() == '>' || v.front() == '|' ? BlockText(v, lines, i) : ScalarText(v);
  if (!text) return std::nullopt;
  value.text = std::move(*text);
  return value;
}

bool ReadFields(std::string_view yaml, int yaml_line, std::vector<Field>* fields) {
  if ((!yaml.empty() && !yaml.ends_with('\n')) || !OnlyPlainCharacters(yaml)) return false;
  const std::vector<std::string_view> lines = SplitLines(yaml);
  for (size_t i = 0; i < lines.size();) {
    const std::string_view line = lines[i];
    if (line.empty() || line.starts_with('#')) {
      ++i;
      continue;
    }
    const size_t colon = line.find_first_not_of("abcdefghijklmnopqrstuvwxyz_");
    if (colon == 0 || colon == npos || line[colon] != ':') return false;
    const std::string_view rest = line.substr(colon + 1);
    if (!rest.empty() && !rest.starts_with(' ')) return false;
    Field field{line.substr(0, colon), yaml_line + static_cast<int>(i), {}};
    for (const Field& f : *fields) {
      if (f.key == field.key) return false;
    }
    ++i;
    auto value = ReadValue(Trim(rest), lines, &i);
    if (!value) return false;
    field.value = std::move(*value);
    fields->push_back(std::move(field));
  }
  return true;
}

// What follows are the checks of ParseFields in front_matter.cc for values already
// read; each returns false where that would report something.

bool Text(const Value& v, std::string* out) {
  if (v.is_list || Trim(v.text).empty()) return false;
  *out = std::string(Trim(v.text));
  return true;
}

bool TextList(const Value& v, std::vector<std::string>* out) {
  if (!v.is_list) {
    out->resize(1);
    return Text(v, &out->front());
  }
  for (const std::string& item : v.items) {
    if (Trim(item).empty()) return false;
    out->emplace_back(Trim(item));
  }
  return true;
}

bool DateValue(const Value& v, std::optional<Date>* out) {
  std::string text;
  if (!Text(v, &text)) return false;
  *out = Date::Parse(text);
  return out->has_value();
}

bool Flag(const Value& v, bool* out) {
  if (v.is_list || (v.text != "true" && v.text != "false")) return false;
  *out = v.text == "true";
  return true;
}

bool Number(const Value& v, int* out) {
  auto n = v.is_list ? std::nullopt : ParseWholeNumber(v.text);
  if (n) *out = *n;
  return n.has_value();
}

bool Themes(const Value& v, const SiteConfig& site, std::vector<std::string>* out) {
  std::vector<std::string> written;
  if (!TextList(v, &written) || written.empty()) return false;
  for (const std::string& theme : written) {
    std::string slug = site.ThemeSlugFor(theme);
    if (slug.empty()) return false;
    if (std::find(out->begin(), out->end(), slug) == out->end()) out->push_back(slug);
  }
  return true;
}

bool ReadField(const Field& f, const SiteConfig& site, Document* d) {
  const Value& v = f.value;
  const std::string_view k = f.key;
  if (k == "title") return Text(v, &d->title);
  if (k == "summary") return Text(v, &d->summary);
  if (k == "partnership") return Text(v, &d->partnership);
  if (k == "review_type") return Text(v, &d->review_type);
  if (k == "superseded_by") return Text(v, &d->superseded_by);
  if (k == "date") return DateValue(v, &d->date);
  if (k == "review_by") return DateValue(v, &d->review_by);
  if (k == "draft") return Flag(v, &d->draft);
  if (k == "withdrawn") return Flag(v, &d->withdrawn);
  if (k == "nav_order") return Number(v, &d->nav_order);
  if (k == "themes") return Themes(v, site, &d->themes);
  if (k == "audience") return TextList(v, &d->audience);
  if (k == "pseudonyms") return TextList(v, &d->pseudonyms);
  if (k == "reviewed") return TextList(v, &d->reviewed);
  return false;
}

bool ReadDocumentFields(const std::vector<Field>& fields, const SiteConfig& site, Document* d) {
  const std::vector<std::string>& known = FrontMatterFields(d->kind);
  for (const Field& f : fields) {
    if (std::find(known.begin(), known.end(), f.key) == known.end()) return false;
    if (!ReadField(f, site, d)) return false;
    d->field_lines.emplace_back(std::string(f.key), f.line);
  }
  auto has = [&](std::string_view key) {
    return std::any_of(fields.begin(), fields.end(), [&](const Field& f) { return f.key == key; });
  };
  if (!has("title")) return false;
  if (d->kind == DocumentKind::kPage) return true;
  if (!has("summary") || !has("date") || !has("themes")) return false;
  if (d->kind == DocumentKind::kBrief && !has("review_type")) return false;
  if (d->partnership.empty()) d->partnership = site.name;
  return true;
}

}  // namespace

bool ReadPlainFrontMatter(std::string_view yaml, int yaml_line, const SiteConfig& site,
                          Document* doc) {
  std::vector<Field> fields;
  if (!ReadFields(yaml, yaml_line, &fields)) return false;
  Document read;
  read.kind = doc->kind;
  if (!ReadDocumentFields(fields, site, &read)) return false;
  // Everything but the front matter carries over.
  read.path = std::move(doc->path);
  read.slug = std::move(doc->slug);
  read.body = std::move(doc->body);
  read.body_line = doc->body_line;
  *doc = std::move(read);
  return true;
}

}  // namespace bulletin
