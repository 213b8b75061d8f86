#include "content/theme_list_edit.h"

#include <optional>
#include <string_view>
#include <vector>

#include "content/site_config.h"
#include "core/diagnostics.h"
#include "core/text.h"

namespace bulletin {
namespace {

std::vector<std::string_view> Lines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    size_t end = nl == std::string_view::npos ? text.size() : nl + 1;
    lines.push_back(text.substr(pos, end - pos));  // with its '\n'
    pos = end;
  }
  return lines;
}

bool IsTopLevelKey(std::string_view line) {
  return !line.empty() && line[0] != ' ' && line[0] != '\t' && line[0] != '-' && line[0] != '#' &&
         line[0] != '\n' && line[0] != '\r';
}

bool IsBlank(std::string_view line) { return Trim(line).empty(); }

// A YAML scalar for `value`: as it is when that is safe, else in double quotes.
std::string Scalar(const std::string& value) {
  bool plain = !value.empty() && value.find(": ") == std::string::npos &&
               value.find(" #") == std::string::npos &&
               std::string_view("-?:,[]{}#&*!|>'\"%@`").find(value[0]) == std::string_view::npos &&
               value.back() != ':' && value.back() != ' ';
  if (plain) return value;
  std::string out = "\"";
  for (char c : value) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

// How the list's entries are written: "  " before "- ", and whether they start with slug.
struct EntryStyle {
  std::string indent = "  ";
  bool slug_first = true;
  bool has_slug = true;
};

EntryStyle StyleOf(const std::vector<std::string_view>& lines, size_t first, size_t last) {
  EntryStyle style;
  for (size_t i = first; i <= last && i < lines.size(); ++i) {
    std::string_view l = lines[i];
    size_t dash = l.find_first_not_of(' ');
    if (dash == std::string_view::npos || l[dash] != '-') continue;
    style.indent = std::string(dash, ' ');
    std::string_view rest = Trim(l.substr(dash + 1));
    style.slug_first = rest.starts_with("slug:");
    // Does this entry (up to the next dash at the same indent) give a slug at all?
    style.has_slug = style.slug_first;
    for (size_t j = i + 1; !style.has_slug && j <= last && j < lines.size(); ++j) {
      std::string_view m = lines[j];
      size_t at = m.find_first_not_of(' ');
      if (at == std::string_view::npos) continue;
      if (at <= dash) break;
      style.has_slug = m.substr(at).starts_with("slug:");
    }
    return style;
  }
  return style;
}

}  // namespace

bool AddThemeToSiteYaml(std::string* site_yaml, const std::string& name, std::string* slug,
                        std::string* err) {
  std::string title(Trim(name));
  *slug = Slugify(title);
  if (slug->empty()) {
    *err = "the theme's name needs at least one letter or digit";
    return false;
  }
  Diagnostics before_diags;
  SiteConfig before;
  ParseSiteConfig(*site_yaml, "site.yaml", &before_diags, &before);
  if (!before.ThemeSlugFor(title).empty() || before.FindTheme(*slug)) {
    *err = "site.yaml already has the theme '" + *slug + "'";
    return false;
  }
  std::string text = *site_yaml;
  if (!text.empty() && text.back() != '\n') text += '\n';
  std::vector<std::string_view> lines = Lines(text);  // views of `text` until it changes
  std::optional<size_t> key;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].starts_with("themes:")) key = i;
  }
  std::string entry;
  if (!key) {
    text += "\nthemes:\n  - slug: " + *slug + "\n    name: " + Scalar(title) + "\n";
  } else {
    if (!IsBlank(lines[*key].substr(7)) && !Trim(lines[*key].substr(7)).starts_with("#")) {
      *err = "the themes in site.yaml are written on one line (themes: [...]); add '" + title +
             "' there by hand, or write the list one theme per line";
      return false;
    }
    size_t last = *key;  // the last line of the list's entries
    for (size_t i = *key + 1; i < lines.size() && !IsTopLevelKey(lines[i]); ++i) {
      std::string_view t = Trim(lines[i]);
      bool comment_at_start = lines[i].starts_with("#");
      if (!t.empty() && !comment_at_start) last = i;
    }
    EntryStyle style = StyleOf(lines, *key + 1, last);
    std::string inner = style.indent + "  ";
    if (!style.has_slug) {
      entry = style.indent + "- name: " + Scalar(title) + "\n";
    } else if (style.slug_first) {
      entry = style.indent + "- slug: " + *slug + "\n" + inner + "name: " + Scalar(title) + "\n";
    } else {
      entry = style.indent + "- name: " + Scalar(title) + "\n" + inner + "slug: " + *slug + "\n";
    }
    size_t at = 0;
    for (size_t i = 0; i <= last; ++i) at += lines[i].size();
    text.insert(at, entry);
  }
  Diagnostics diags;
  SiteConfig after;
  ParseSiteConfig(text, "site.yaml", &diags, &after);
  if (after.themes.size() != before.themes.size() + 1 || !after.FindTheme(*slug) ||
      diags.error_count() > before_diags.error_count()) {
    *err = "could not add the theme without breaking site.yaml; add it by hand under 'themes:'";
    return false;
  }
  *site_yaml = std::move(text);
  return true;
}

}  // namespace bulletin
