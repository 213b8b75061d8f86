#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/date.h"

namespace bulletin {

enum class DocumentKind { kBrief, kBulletin, kPage };

/// "brief", "bulletin", "page".
const char* KindName(DocumentKind kind);
/// "briefs", "bulletins", "pages": the content folder and the URL segment.
const char* KindFolder(DocumentKind kind);

/// One Markdown file from content/{briefs,bulletins,pages} with its front matter.
struct Document {
  DocumentKind kind = DocumentKind::kBrief;
  std::string path;  ///< as given to the loader, used in diagnostics
  std::string slug;  ///< file name without .md

  // Front matter.
  std::string title;
  std::optional<Date> date;         ///< required for briefs and bulletins
  std::string partnership;          ///< defaults to the site's name
  std::string review_type;          ///< CSPR, SCR, SAR, DHR, multi-agency audit, ...
  std::vector<std::string> themes;  ///< theme slugs from site.yaml
  std::vector<std::string> audience;
  std::string summary;
  std::optional<Date> review_by;
  bool withdrawn = false;
  std::string superseded_by;  ///< slug of another brief or bulletin
  bool draft = false;
  int nav_order = 0;  ///< pages: position in the footer navigation
  /// Briefs and bulletins: names the review uses in place of real ones ("Child O"), never
  /// reported as identifying details.
  std::vector<std::string> pseudonyms;
  /// Text the author has checked is not an identifying detail (`bulletin check` skips it).
  std::vector<std::string> reviewed;

  /// A hash of the whole file as read, front matter and all: a build cache's test of
  /// whether the document changed since the last build (core/hash.h's Hash64).
  uint64_t fingerprint = 0;
  std::string body;   ///< Markdown after the front matter
  int body_line = 1;  ///< file line of the body's first line
  /// Where each front matter field's value starts, for later diagnostics (field -> line).
  std::vector<std::pair<std::string, int>> field_lines;

  /// "/briefs/<slug>/".
  std::string Url() const;
  /// The file line of a front matter field, or 1 if it is absent.
  int FieldLine(const std::string& field) const;
};

}  // namespace bulletin
