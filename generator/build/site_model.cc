#include "build/site_model.h"

#include <algorithm>

namespace bulletin {

std::vector<const PublishedDocument*> SiteModel::InTheme(const std::string& slug) const {
  std::vector<const PublishedDocument*> out;
  for (const PublishedDocument* p : by_date) {
    const auto& themes = p->doc->themes;
    if (std::find(themes.begin(), themes.end(), slug) != themes.end()) out.push_back(p);
  }
  return out;
}

const PublishedDocument* SiteModel::Find(const std::string& slug) const {
  if (slug.empty()) return nullptr;  // most documents supersede nothing
  for (const PublishedDocument& p : published) {
    if (p.doc->slug == slug) return &p;
  }
  return nullptr;
}

const char* KindLabel(DocumentKind kind) {
  switch (kind) {
    case DocumentKind::kBrief: return "Learning brief";
    case DocumentKind::kBulletin: return "Bulletin";
    case DocumentKind::kPage: return "Page";
  }
  return "";
}

}  // namespace bulletin
