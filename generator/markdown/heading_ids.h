#pragma once

#include <string>
#include <string_view>
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

/// Gives each heading node of `nodes` (in document order) an id from its text, `texts[k]`
/// being PlainText(nodes[k]) (Slugify; "section" when that is empty), claimed from `ids`;
/// returns them in the same order.
std::vector<Heading> NameHeadings(const std::vector<cmark_node*>& nodes,
                                  std::vector<std::string> texts, const SourceFile& source,
                                  IdRegistry* ids);

/// `html`, the rendering of a tree whose headings are `headings` in document order, with
/// ` id="..."` added to each heading's open tag: `<h2>` becomes `<h2 id="what-we-learned">`.
/// Throws std::logic_error if `html` lacks one of the tags (a bug, not an input problem).
std::string AddHeadingIds(std::string_view html, const std::vector<Heading>& headings);

}  // namespace bulletin
