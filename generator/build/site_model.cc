#include "build/site_model.h"

#include <algorithm>

namespace bulletin {

std::vector<const PublishedDocument*> SiteModel::InTheme(const std::string& slug) const {
  std::vector<const PublishedDocument*> out;
  auto it = theme_positions.find(slug);
  if (it == theme_positions.end()) return out;
  out.reserve(it->second.size());
  for (size_t pos : it->second) {
    // A document that names a theme twice is listed once.
    if (out.empty() || out.back() != by_date[pos]) out.push_back(by_date[pos]);
  }
  return out;
}

void SiteModel::IndexThemes() {
  theme_positions.clear();
  for (size_t pos = 0; pos < by_date.size(); ++pos) {
    for (const std::string& t : by_date[pos]->doc->themes) theme_positions[t].push_back(pos);
  }
}

std::vector<const PublishedDocument*> SiteModel::Related(const PublishedDocument& p,
                                                         size_t n) const {
  // Only documents sharing a theme with `p` are touched, so a whole site costs far less
  // than every document against every other. The scores live per thread, all zero
  // between calls.
  thread_local std::vector<int> scores;
  if (scores.size() < by_date.size()) scores.resize(by_date.size());
  std::vector<size_t> touched;
  for (const std::string& t : p.doc->themes) {
    auto it = theme_positions.find(t);
    if (it == theme_positions.end()) continue;
    for (size_t pos : it->second) {
      if (scores[pos]++ == 0) touched.push_back(pos);
    }
  }
  // Most shared themes first; among equals the newer (earlier in by_date).
  auto better = [&](size_t a, size_t b) {
    return scores[a] != scores[b] ? scores[a] > scores[b] : a < b;
  };
  size_t keep = std::min(touched.size(), n + 1);  // + p itself
  std::partial_sort(touched.begin(), touched.begin() + keep, touched.end(), better);
  std::vector<const PublishedDocument*> out;
  for (size_t i = 0; i < keep && out.size() < n; ++i) {
    if (by_date[touched[i]] != &p) out.push_back(by_date[touched[i]]);
  }
  for (size_t pos : touched) scores[pos] = 0;
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
