#pragma once

#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "markdown/cmark_tree.h"
#include "markdown/markdown.h"

namespace bulletin {

/// The ids already used in one document, handing out new ones that do not collide.
class IdRegistry {
 public:
  void Reserve(const std::string& id) { taken_.insert(id); }
  /// `base` if free, else the first free of base-2, base-3 ...; marks it taken.
  std::string Claim(const std::string& base);

 private:
  std::unordered_set<std::string> taken_;
  std::unordered_map<std::string, int> next_suffix_;  // so n equal headings cost O(n)
};

/// Gives every heading in `tree` an id from its text (Slugify; "section" when that is
/// empty) claimed from `ids`, and appends it to `headings` in document order. Each heading
/// node is replaced by its rendered <hN id="..."> html, so run this after every other pass
/// that reads text from the tree.
void AssignHeadingIds(const CmarkTree& tree, const SourceFile& source, IdRegistry* ids,
                      std::vector<Heading>* headings);

}  // namespace bulletin
