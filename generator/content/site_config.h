#pragma once

#include <string>
#include <vector>

#include "core/diagnostics.h"

namespace bulletin {

struct Theme {
  std::string slug;         ///< "coercive-control": used in front matter and URLs
  std::string name;         ///< "Coercive control"
  std::string description;  ///< optional one-line description
};

struct Organisation {
  std::string id;    ///< "riverside-police"
  std::string name;  ///< "Riverside Police"
};

struct Contact {
  std::string label;  ///< "Worried about a child? Call the MASH"
  std::string phone;
  std::string email;
  std::string url;
  std::string hours;  ///< "Monday to Friday, 9am to 5pm"
};

/// Which quizzes some staff must hold (site.yaml 'assignments'). A staff member is assigned
/// the quizzes when each non-empty list names their organisation, team and role (teams and
/// roles compare case-insensitively).
struct AssignmentRule {
  std::vector<std::string> quizzes;  ///< quiz ids
  std::vector<int> quiz_lines;       ///< where each id is, for diagnostics
  std::vector<int> quiz_columns;
  std::vector<std::string> organisations;  ///< empty: every organisation
  std::vector<std::string> teams;          ///< empty: every team
  std::vector<std::string> roles;          ///< empty: every role
};

/// content/site.yaml: who the partnership is and the vocabulary its content may use.
struct SiteConfig {
  std::string name;        ///< required: "Riverside Safeguarding Partnership"
  std::string short_name;  ///< defaults to name
  std::string base_url;    ///< required, absolute http(s) URL; stored with a trailing '/'
  std::string description;
  std::string language = "en-GB";
  std::string logo;   ///< optional path of an image under content/static/
  int logo_line = 0;  ///< where the logo value is, for diagnostics
  int logo_column = 0;
  std::string colour_primary = "#1d4f91";  ///< header and links; must contrast with white
  std::string colour_accent = "#ffdd00";   ///< focus ring
  std::vector<Organisation> organisations;
  std::vector<Contact> contacts;
  std::vector<Theme> themes;
  /// Search synonyms and acronyms: groups of equivalent terms or phrases, used in addition
  /// to the built-in groups (generator/search/synonyms.cc); a group sharing a term with a
  /// built-in group joins it. Empty when site.yaml has no 'synonyms'.
  std::vector<std::vector<std::string>> synonyms;
  std::vector<AssignmentRule> assignments;
  /// identifying_names: names the partnership knows must never be published (the real
  /// names of the children and adults in its reviews); a build that meets one in a brief or
  /// bulletin fails, unless the document lists it in `reviewed`.
  std::vector<std::string> identifying_names;
  /// compliance.due_soon_days: a certificate expiring within this many days is "due soon".
  int due_soon_days = 30;

  const Theme* FindTheme(const std::string& slug) const;
  std::vector<std::string> ThemeSlugs() const;
  /// The slug of the theme written as `theme`: its slug, or its name in any case ("Hidden
  /// men"); empty if no theme is meant.
  std::string ThemeSlugFor(const std::string& theme) const;
  /// "unknown theme 'X'; did you mean 'y'?" (or the list of themes), for a ThemeSlugFor miss.
  std::string UnknownThemeMessage(const std::string& theme) const;
  const Organisation* FindOrganisation(const std::string& id) const;
  /// base_url + a site-relative URL ("/feed.xml"), with exactly one '/' between them.
  std::string AbsoluteUrl(const std::string& url) const;
};

/// Parses site.yaml text. Returns false (with every problem in *diags, located in `path`)
/// if the configuration has errors.
bool ParseSiteConfig(const std::string& text, const std::string& path, Diagnostics* diags,
                     SiteConfig* out);

/// WCAG contrast ratio between two #rrggbb colours (1 to 21).
double ContrastRatio(const std::string& a, const std::string& b);

}  // namespace bulletin
