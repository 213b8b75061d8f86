#include "content/site_config.h"

#include <cmath>
#include <set>

#include "content/yaml_util.h"
#include "core/text.h"

namespace bulletin {

namespace {

bool IsHexColour(const std::string& s) {
  if (s.size() != 7 || s[0] != '#') return false;
  for (size_t i = 1; i < 7; ++i) {
    if (!std::isxdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  return true;
}

double Luminance(const std::string& hex) {
  double channels[3];
  for (int i = 0; i < 3; ++i) {
    double c = std::stoi(hex.substr(1 + 2 * i, 2), nullptr, 16) / 255.0;
    channels[i] = c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
  }
  return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2];
}

// A list item given either as "Name" (slug derived) or as {slug|id: ..., name: ...}.
bool ReadNamedItem(YamlReader& r, const YAML::Node& item, const char* id_key,
                   const std::vector<std::string>& known, const std::string& what, std::string* id,
                   std::string* name) {
  if (item.IsScalar()) {
    auto s = r.String(item, what);
    if (!s) return false;
    *name = *s;
    *id = Slugify(*s);
    return true;
  }
  if (!item.IsMap()) {
    r.Error(item, "each " + what + " must be a name, or 'name:' and '" + id_key + ":' lines");
    return false;
  }
  r.CheckKnownKeys(item, known, what);
  bool ok = true;
  if (item["name"]) {
    auto s = r.String(item["name"], "name");
    ok = ok && s;
    if (s) *name = *s;
  } else {
    r.Error(item, what + " has no 'name'");
    ok = false;
  }
  if (item[id_key]) {
    auto s = r.String(item[id_key], id_key);
    ok = ok && s;
    if (s) {
      if (!IsValidSlug(*s)) {
        r.Error(item[id_key], std::string("'") + id_key +
                                  "' must be lower-case letters, digits and single hyphens, "
                                  "for example '" +
                                  Slugify(*s) + "'");
        ok = false;
      }
      *id = *s;
    }
  } else if (!name->empty()) {
    *id = Slugify(*name);
  }
  return ok;
}

void ReadAssignments(YamlReader& r, const YAML::Node& list, SiteConfig* out) {
  if (!list.IsSequence()) {
    r.Error(list,
            "'assignments' must be a list, each '- quizzes: [...]' with optional "
            "'organisations:', 'teams:' and 'roles:'");
    return;
  }
  for (const YAML::Node& item : list) {
    if (!item.IsMap() || !item["quizzes"]) {
      r.Error(item,
              "each assignment needs 'quizzes:' (quiz ids), and may limit who must "
              "take them with 'organisations:', 'teams:' and 'roles:'");
      continue;
    }
    r.CheckKnownKeys(item, {"quizzes", "organisations", "teams", "roles"}, "assignment");
    AssignmentRule rule;
    const YAML::Node quizzes = item["quizzes"];
    if (auto ids = r.StringList(quizzes, "quizzes")) {
      rule.quizzes = *ids;
      for (size_t i = 0; i < ids->size(); ++i) {
        const YAML::Node at = quizzes.IsSequence() ? quizzes[i] : quizzes;
        rule.quiz_lines.push_back(r.Line(at));
        rule.quiz_columns.push_back(r.Column(at));
      }
    }
    for (auto [key, dst] : {std::pair{"organisations", &rule.organisations},
                            std::pair{"teams", &rule.teams}, std::pair{"roles", &rule.roles}}) {
      if (!item[key]) continue;
      if (auto values = r.StringList(item[key], key)) *dst = *values;
    }
    std::vector<std::string> ids;
    for (const Organisation& o : out->organisations) ids.push_back(o.id);
    for (const std::string& id : rule.organisations) {
      if (out->FindOrganisation(id)) continue;
      std::string hint = ClosestMatch(id, ids);
      r.Error(item["organisations"],
              "assignment names organisation '" + id + "', which is not in 'organisations'" +
                  (hint.empty() ? "; use an organisation's id" : "; did you mean '" + hint + "'?"));
    }
    out->assignments.push_back(std::move(rule));
  }
}

void ReadCompliance(YamlReader& r, const YAML::Node& map, SiteConfig* out) {
  if (!map.IsMap()) {
    r.Error(map, "'compliance' must hold 'due_soon_days:' (default 30)");
    return;
  }
  r.CheckKnownKeys(map, {"due_soon_days"}, "compliance");
  if (!map["due_soon_days"]) return;
  auto days = r.Int(map["due_soon_days"], "due_soon_days");
  if (!days) return;
  if (*days < 0 || *days > 366) {
    r.Error(map["due_soon_days"], "'due_soon_days' must be a number of days from 0 to 366");
    return;
  }
  out->due_soon_days = *days;
}

}  // namespace

const Theme* SiteConfig::FindTheme(const std::string& slug) const {
  for (const Theme& t : themes) {
    if (t.slug == slug) return &t;
  }
  return nullptr;
}

std::vector<std::string> SiteConfig::ThemeSlugs() const {
  std::vector<std::string> out;
  for (const Theme& t : themes) out.push_back(t.slug);
  return out;
}

std::string SiteConfig::ThemeSlugFor(const std::string& theme) const {
  if (FindTheme(theme)) return theme;
  std::string slug = Slugify(theme);
  return FindTheme(slug) ? slug : "";
}

std::string SiteConfig::UnknownThemeMessage(const std::string& theme) const {
  std::string msg = "unknown theme '" + theme + "'";
  std::string guess = ClosestMatch(theme, ThemeSlugs());
  if (!guess.empty()) return msg + "; did you mean '" + guess + "'?";
  return msg + "; use one of the themes in site.yaml (" + Join(ThemeSlugs(), ", ") +
         ") or add it there";
}

const Organisation* SiteConfig::FindOrganisation(const std::string& id) const {
  for (const Organisation& o : organisations) {
    if (o.id == id) return &o;
  }
  return nullptr;
}

std::string SiteConfig::AbsoluteUrl(const std::string& url) const {
  std::string base = base_url;
  if (!base.empty() && base.back() == '/' && !url.empty() && url.front() == '/') base.pop_back();
  return base + url;
}

double ContrastRatio(const std::string& a, const std::string& b) {
  double la = Luminance(a), lb = Luminance(b);
  if (la < lb) std::swap(la, lb);
  return (la + 0.05) / (lb + 0.05);
}

namespace {

// name, short_name, base_url, description, language, logo.
void ReadIdentity(YamlReader& r, const YAML::Node& root, const std::string& path,
                  Diagnostics* diags, SiteConfig* out) {
  auto read_string = [&](const char* key, std::string* dst, bool required) {
    if (root[key]) {
      if (auto s = r.String(root[key], key)) *dst = *s;
    } else if (required) {
      diags->Error(path, 1, 1,
                   std::string("site.yaml has no '") + key + "'; add a line '" + key + ": ...'");
    }
  };
  read_string("name", &out->name, true);
  read_string("short_name", &out->short_name, false);
  read_string("base_url", &out->base_url, true);
  read_string("description", &out->description, false);
  read_string("language", &out->language, false);
  read_string("logo", &out->logo, false);
  if (out->short_name.empty()) out->short_name = out->name;
  if (root["logo"]) {
    out->logo_line = r.Line(root["logo"]);
    out->logo_column = r.Column(root["logo"]);
  }
  if (!out->base_url.empty()) {
    if (out->base_url.rfind("https://", 0) != 0 && out->base_url.rfind("http://", 0) != 0) {
      r.Error(root["base_url"],
              "'base_url' must start with https:// (the address the site is "
              "published at, used in the feed and sitemap)");
    } else if (out->base_url.back() != '/') {
      out->base_url += '/';
    }
  }
}

void ReadColours(YamlReader& r, const YAML::Node& colours, SiteConfig* out) {
  if (!colours.IsMap()) {
    r.Error(colours, "'colours' must hold 'primary:' and 'accent:' lines");
  } else {
    r.CheckKnownKeys(colours, {"primary", "accent"}, "colours");
    for (auto [key, dst] :
         {std::pair{"primary", &out->colour_primary}, std::pair{"accent", &out->colour_accent}}) {
      if (!colours[key]) continue;
      auto s = r.String(colours[key], key);
      if (!s) continue;
      if (!IsHexColour(*s)) {
        r.Error(colours[key], std::string("colour '") + key +
                                  "' must be written #rrggbb, for example \"#1d4f91\" (in quotes)");
        continue;
      }
      *dst = *s;
    }
    double ratio = ContrastRatio(out->colour_primary, "#ffffff");
    if (colours["primary"] && ratio < 4.5) {
      char buf[160];
      std::snprintf(buf, sizeof buf,
                    "primary colour %s has a contrast of %.1f:1 with white text; WCAG AA needs "
                    "4.5:1, so choose a darker colour",
                    out->colour_primary.c_str(), ratio);
      r.Error(colours["primary"], buf);
    }
  }
}

void ReadThemes(YamlReader& r, const YAML::Node& themes, SiteConfig* out) {
  if (!themes.IsSequence() || themes.size() == 0) {
    r.Error(themes,
            "'themes' must be a list of themes, each '- name: ...' with an optional 'slug:'");
  } else {
    std::set<std::string> seen;
    for (const YAML::Node& item : themes) {
      Theme t;
      if (!ReadNamedItem(r, item, "slug", {"slug", "name", "description"}, "theme", &t.slug,
                         &t.name))
        continue;
      if (item.IsMap() && item["description"]) {
        if (auto s = r.String(item["description"], "description")) t.description = *s;
      }
      if (!seen.insert(t.slug).second) {
        r.Error(item, "theme '" + t.slug + "' is listed twice");
        continue;
      }
      out->themes.push_back(std::move(t));
    }
  }
}

void ReadOrganisations(YamlReader& r, const YAML::Node& orgs, SiteConfig* out) {
  if (!orgs.IsSequence()) {
    r.Error(orgs, "'organisations' must be a list, each '- name: ...' with an optional 'id:'");
  } else {
    std::set<std::string> seen;
    for (const YAML::Node& item : orgs) {
      Organisation o;
      if (!ReadNamedItem(r, item, "id", {"id", "name"}, "organisation", &o.id, &o.name)) continue;
      if (!seen.insert(o.id).second) {
        r.Error(item, "organisation '" + o.id + "' is listed twice");
        continue;
      }
      out->organisations.push_back(std::move(o));
    }
  }
}

void ReadContacts(YamlReader& r, const YAML::Node& contacts, SiteConfig* out) {
  if (!contacts.IsSequence()) {
    r.Error(contacts,
            "'contacts' must be a list, each with 'label:' and a 'phone:', 'email:' or 'url:'");
  } else {
    for (const YAML::Node& item : contacts) {
      if (!item.IsMap()) {
        r.Error(item, "each contact needs 'label:' and a 'phone:', 'email:' or 'url:'");
        continue;
      }
      r.CheckKnownKeys(item, {"label", "phone", "email", "url", "hours"}, "contact");
      Contact c;
      for (auto [key, dst] :
           {std::pair{"label", &c.label}, std::pair{"phone", &c.phone},
            std::pair{"email", &c.email}, std::pair{"url", &c.url}, std::pair{"hours", &c.hours}}) {
        if (item[key]) {
          if (auto s = r.String(item[key], key)) *dst = *s;
        }
      }
      if (c.label.empty()) {
        r.Error(item, "contact has no 'label' (what it is for, e.g. 'Children's MASH')");
      } else if (c.phone.empty() && c.email.empty() && c.url.empty()) {
        r.Error(item, "contact '" + c.label + "' needs a 'phone:', 'email:' or 'url:'");
      }
      if (!c.url.empty() && c.url.rfind("https://", 0) != 0 && c.url.rfind("http://", 0) != 0) {
        r.Error(item["url"], "contact 'url' must start with https://");
      }
      out->contacts.push_back(std::move(c));
    }
  }
}

void ReadSynonyms(YamlReader& r, const YAML::Node& synonyms, SiteConfig* out) {
  if (!synonyms.IsSequence()) {
    r.Error(synonyms,
            "'synonyms' must be a list of groups, each a list of terms that mean the "
            "same, for example '- [LADO, Local Authority Designated Officer]'");
  } else {
    for (const YAML::Node& group : synonyms) {
      if (!group.IsSequence() || group.size() < 2) {
        r.Error(group,
                "each synonyms group must list two or more terms that mean the same, "
                "for example '- [MASH, Multi-Agency Safeguarding Hub]'");
        continue;
      }
      if (auto terms = r.StringList(group, "synonyms group")) out->synonyms.push_back(*terms);
    }
  }
}

}  // namespace

bool ParseSiteConfig(const std::string& text, const std::string& path, Diagnostics* diags,
                     SiteConfig* out) {
  int errors_before = diags->error_count();
  YamlReader r(path, 0, diags);
  YAML::Node root;
  if (!r.Load(text, &root)) return false;
  r.CheckKnownKeys(root,
                   {"name", "short_name", "base_url", "description", "language", "logo", "colours",
                    "organisations", "contacts", "themes", "synonyms", "assignments", "compliance",
                    "identifying_names"},
                   "site.yaml");

  ReadIdentity(r, root, path, diags, out);
  if (const YAML::Node colours = root["colours"]) ReadColours(r, colours, out);
  if (const YAML::Node themes = root["themes"]) {
    ReadThemes(r, themes, out);
  } else {
    diags->Error(path, 1, 1, "site.yaml has no 'themes'; list the themes briefs may use");
  }
  if (const YAML::Node orgs = root["organisations"]) ReadOrganisations(r, orgs, out);
  if (const YAML::Node contacts = root["contacts"]) ReadContacts(r, contacts, out);
  if (const YAML::Node synonyms = root["synonyms"]) ReadSynonyms(r, synonyms, out);
  if (const YAML::Node assignments = root["assignments"]) ReadAssignments(r, assignments, out);
  if (const YAML::Node names = root["identifying_names"]) {
    if (auto list = r.StringList(names, "identifying_names")) out->identifying_names = *list;
  }
  if (const YAML::Node compliance = root["compliance"]) ReadCompliance(r, compliance, out);
  return diags->error_count() == errors_before;
}

}  // namespace bulletin
