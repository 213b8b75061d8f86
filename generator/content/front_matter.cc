#include "content/front_matter.h"

#include <algorithm>
#include <optional>

#include "content/front_matter_fast.h"
#include "content/yaml_util.h"
#include "core/text.h"

namespace bulletin {

namespace {

// Returns the line [pos, end of line) without its newline, and moves pos past it.
std::string_view NextLine(std::string_view text, size_t* pos) {
  size_t start = *pos;
  size_t nl = text.find('\n', start);
  size_t end = nl == std::string_view::npos ? text.size() : nl;
  *pos = nl == std::string_view::npos ? text.size() : nl + 1;
  std::string_view line = text.substr(start, end - start);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

}  // namespace

const std::vector<std::string>& FrontMatterFields(DocumentKind kind) {
  static const std::vector<std::string> kArticle = {
      "title",     "date",      "partnership",   "review_type", "themes",     "audience", "summary",
      "review_by", "withdrawn", "superseded_by", "draft",       "pseudonyms", "reviewed"};
  static const std::vector<std::string> kPage = {"title", "summary", "draft", "nav_order"};
  return kind == DocumentKind::kPage ? kPage : kArticle;
}

std::vector<std::string> ReadThemeList(YamlReader& r, const YAML::Node& n, const SiteConfig& site) {
  std::vector<std::string> themes;
  auto list = r.StringList(n, "themes");
  if (!list) return themes;
  size_t i = 0;
  for (const std::string& theme : *list) {
    const YAML::Node at = n.IsSequence() ? n[i] : n;
    ++i;
    // Authors may write the theme's name rather than its slug.
    const std::string slug = site.ThemeSlugFor(theme);
    if (!slug.empty()) {
      // A theme named twice (by slug and by name, say) counts once.
      if (std::find(themes.begin(), themes.end(), slug) == themes.end()) themes.push_back(slug);
      continue;
    }
    r.Error(at, site.UnknownThemeMessage(theme));
  }
  if (list->empty()) r.Error(n, "'themes' is empty; give at least one theme");
  return themes;
}

bool SplitFrontMatter(std::string text, std::string* yaml, int* yaml_line, std::string* body,
                      int* body_line) {
  std::string_view view(text);
  size_t pos = 0;
  // A UTF-8 byte order mark (Word and Notepad add one) is not content.
  if (view.substr(0, 3) == "\xEF\xBB\xBF") pos = 3;
  if (NextLine(view, &pos) != "---") return false;
  size_t yaml_start = pos;
  int line = 2;
  while (pos < view.size()) {
    size_t line_start = pos;
    std::string_view l = NextLine(view, &pos);
    if (l == "---" || l == "...") {
      *yaml = std::string(view.substr(yaml_start, line_start - yaml_start));
      *yaml_line = 2;
      // The body keeps the file's buffer: no second copy of every file's text.
      text.erase(0, pos);
      *body = std::move(text);
      *body_line = line + 1;
      return true;
    }
    ++line;
  }
  return false;
}

namespace {

// The field a front matter line sets ("title" for "title: ..."), or "".
std::string FieldOfLine(std::string_view line) {
  size_t colon = line.find(':');
  if (colon == std::string_view::npos || line.empty() || line[0] == ' ' || line[0] == '-') {
    return "";
  }
  return std::string(Trim(line.substr(0, colon)));
}

// Blanks 0-based line `n` of `yaml` (keeping the line count, so later lines keep their
// numbers) and returns the field it set, or nullopt if there is no such non-blank line.
std::optional<std::string> BlankLine(std::string* yaml, int n) {
  size_t start = 0;
  for (int l = 0; l < n && start != std::string::npos; ++l) {
    start = yaml->find('\n', start);
    if (start != std::string::npos) ++start;
  }
  if (n < 0 || start == std::string::npos || start >= yaml->size()) return std::nullopt;
  size_t end = std::min(yaml->find('\n', start), yaml->size());
  if (end == start) return std::nullopt;
  std::string field = FieldOfLine(std::string_view(*yaml).substr(start, end - start));
  yaml->erase(start, end - start);
  return field;
}

// yaml-cpp stops at the first syntax error. So that one mistake does not hide the file's
// other problems, the line it names is blanked and the rest read again. The later syntax
// errors are reported only if each is further down than the last and the rest then reads:
// an error that moves up (an unclosed quote, found at the end) would only repeat the first.
// *unreadable gets the fields on blanked lines (not then called missing). Returns false
// if nothing could be read.
bool LoadReadable(YamlReader& r, const std::string& path, int line_offset, std::string yaml,
                  YAML::Node* root, std::vector<std::string>* unreadable, Diagnostics* diags) {
  constexpr int kMaxSyntaxErrors = 10;
  int bad = -1;
  if (r.Load(yaml, root, &bad)) return true;
  Diagnostics later;
  YamlReader quiet(path, line_offset, &later);
  for (int attempt = 1; attempt < kMaxSyntaxErrors; ++attempt) {
    std::optional<std::string> field = BlankLine(&yaml, bad);
    if (!field) return false;
    if (!field->empty()) unreadable->push_back(*field);
    int next = -1;
    if (quiet.Load(yaml, root, &next)) {
      diags->Merge(later);
      return true;
    }
    if (next <= bad) return false;
    bad = next;
  }
  return false;
}

// The yaml-cpp reader's view of one document's front matter, and how it reports.
struct YamlFrontMatter {
  YamlReader& r;
  const YAML::Node& root;
  const std::string what;  // "brief front matter"
  int yaml_line;
  Diagnostics* diags;
  Document* doc;
  const std::vector<std::string>& unreadable;  // fields on lines the YAML reader could not read

  void Missing(const char* field, const char* example) const {
    if (std::find(unreadable.begin(), unreadable.end(), field) != unreadable.end()) return;
    diags->Error(doc->path, yaml_line, 1,
                 std::string("missing '") + field + "' in " + what + "; add a line such as '" +
                     field + ": " + example + "'");
  }
  void ReadDate(const char* field, std::optional<Date>* dst) const {
    const YAML::Node n = root[field];
    auto s = r.String(n, field);
    if (!s) return;
    *dst = Date::Parse(*s);
    if (!*dst) {
      r.Error(n, std::string("'") + field +
                     "' is not a date: write it as YYYY-MM-DD, for example 2024-03-05");
    }
  }
};

// The fields every kind has: title, summary, draft, pseudonyms, reviewed.
void ReadCommonFields(const YamlFrontMatter& f) {
  YamlReader& r = f.r;
  const YAML::Node& root = f.root;
  Document* doc = f.doc;
  if (root["title"]) {
    if (auto s = r.String(root["title"], "title")) doc->title = *s;
  } else {
    f.Missing("title", "Learning from the review of Child O");
  }
  if (root["summary"]) {
    if (auto s = r.String(root["summary"], "summary")) doc->summary = *s;
  } else if (doc->kind != DocumentKind::kPage) {
    f.Missing("summary", "One or two sentences on what practitioners should take away");
  }
  if (root["draft"]) doc->draft = r.Bool(root["draft"], "draft").value_or(false);

  if (root["pseudonyms"]) {
    if (auto list = r.StringList(root["pseudonyms"], "pseudonyms")) doc->pseudonyms = *list;
  }
  if (root["reviewed"]) {
    if (auto list = r.StringList(root["reviewed"], "reviewed")) doc->reviewed = *list;
  }
}

// The fields of briefs and bulletins only.
void ReadArticleFields(const YamlFrontMatter& f, const SiteConfig& site) {
  YamlReader& r = f.r;
  const YAML::Node& root = f.root;
  Document* doc = f.doc;
  if (root["date"]) {
    f.ReadDate("date", &doc->date);
  } else {
    f.Missing("date", "2024-03-05");
  }
  if (root["review_by"]) f.ReadDate("review_by", &doc->review_by);
  if (root["partnership"]) {
    if (auto s = r.String(root["partnership"], "partnership")) doc->partnership = *s;
  }
  if (doc->partnership.empty()) doc->partnership = site.name;
  if (root["review_type"]) {
    if (auto s = r.String(root["review_type"], "review_type")) doc->review_type = *s;
  } else if (doc->kind == DocumentKind::kBrief) {
    f.Missing("review_type", "CSPR");
  }
  if (root["themes"]) {
    doc->themes = ReadThemeList(r, root["themes"], site);
  } else {
    f.Missing("themes", "[domestic-abuse]");
  }
  if (root["audience"]) {
    if (auto list = r.StringList(root["audience"], "audience")) doc->audience = *list;
  }
  if (root["withdrawn"]) doc->withdrawn = r.Bool(root["withdrawn"], "withdrawn").value_or(false);
  if (root["superseded_by"]) {
    if (auto s = r.String(root["superseded_by"], "superseded_by")) doc->superseded_by = *s;
  }
}

bool ParseFields(FrontMatterReaders readers, std::string text, const SiteConfig& site,
                 Diagnostics* diags, Document* doc) {
  int errors_before = diags->error_count();
  std::string yaml;
  int yaml_line = 0;
  if (!SplitFrontMatter(std::move(text), &yaml, &yaml_line, &doc->body, &doc->body_line)) {
    diags->Error(doc->path, 1, 1,
                 "no front matter: start the file with a line '---', then fields such as "
                 "'title: ...', then another line '---'");
    return false;
  }
  if (readers == FrontMatterReaders::kPlainFirst &&
      ReadPlainFrontMatter(yaml, yaml_line, site, doc)) {
    return true;
  }
  YamlReader r(doc->path, yaml_line - 1, diags);
  YAML::Node root;
  std::vector<std::string> unreadable;  // fields on lines the YAML reader could not read
  if (!LoadReadable(r, doc->path, yaml_line - 1, std::move(yaml), &root, &unreadable, diags)) {
    return false;
  }
  const std::string what = std::string(KindName(doc->kind)) + " front matter";
  const YamlFrontMatter fields{r, root, what, yaml_line, diags, doc, unreadable};
  r.CheckKnownKeys(root, FrontMatterFields(doc->kind), fields.what);
  for (auto it = root.begin(); it != root.end(); ++it) {
    if (it->first.IsScalar()) doc->field_lines.emplace_back(it->first.Scalar(), r.Line(it->first));
  }
  ReadCommonFields(fields);
  if (doc->kind == DocumentKind::kPage) {
    if (root["nav_order"]) doc->nav_order = r.Int(root["nav_order"], "nav_order").value_or(0);
  } else {
    ReadArticleFields(fields, site);
  }
  return diags->error_count() == errors_before;
}

}  // namespace

bool ParseDocumentWith(FrontMatterReaders readers, std::string text, const SiteConfig& site,
                       Diagnostics* diags, Document* doc) {
  // Fields are checked in a fixed order; report them in file order.
  Diagnostics local;
  bool ok = ParseFields(readers, std::move(text), site, &local, doc);
  local.Sort();
  diags->Merge(local);
  return ok;
}

bool ParseDocument(std::string text, const SiteConfig& site, Diagnostics* diags, Document* doc) {
  return ParseDocumentWith(FrontMatterReaders::kPlainFirst, std::move(text), site, diags, doc);
}

}  // namespace bulletin
