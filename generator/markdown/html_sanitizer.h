#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "markdown/cmark_tree.h"
#include "markdown/markdown.h"

namespace bulletin {

/// True for destinations a page may link to: http:, https:, mailto:, tel: and URLs without
/// a scheme (site links, #fragments). The scheme is read as a browser would, ignoring
/// whitespace and control characters (`jav&#x09;ascript:` arrives decoded as "jav\tascript:").
bool IsAllowedUrl(std::string_view url);

/// Makes the tree safe to render with raw HTML enabled: drops every HTML block and inline
/// HTML node except matched, attribute-free <sup></sup>, <sub></sub> and <br> (a warning
/// for each tag dropped, none for comments); removes links whose destination is not
/// allowed (keeping their text) and such images (keeping their alt text), with an error
/// at each. Appends the kept destinations to `links`, in document order.
void SanitizeTree(cmark_node* root, const SourceFile& source, std::vector<Link>* links);

/// As above, for the nodes of a tree already collected, after ConvertCallouts if at all.
void SanitizeTree(const TreeNodes& nodes, const SourceFile& source, std::vector<Link>* links);

}  // namespace bulletin
