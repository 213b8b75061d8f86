#include "content/document.h"

namespace bulletin {

const char* KindName(DocumentKind kind) {
  switch (kind) {
    case DocumentKind::kBrief:
      return "brief";
    case DocumentKind::kBulletin:
      return "bulletin";
    case DocumentKind::kPage:
      return "page";
  }
  return "";
}

const char* KindFolder(DocumentKind kind) {
  switch (kind) {
    case DocumentKind::kBrief:
      return "briefs";
    case DocumentKind::kBulletin:
      return "bulletins";
    case DocumentKind::kPage:
      return "pages";
  }
  return "";
}

std::string Document::Url() const { return std::string("/") + KindFolder(kind) + "/" + slug + "/"; }

int Document::FieldLine(const std::string& field) const {
  for (const auto& [name, line] : field_lines) {
    if (name == field) return line;
  }
  return 1;
}

}  // namespace bulletin
