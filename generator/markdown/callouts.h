#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "markdown/cmark_tree.h"
#include "markdown/markdown.h"

namespace bulletin {

/// A block quote turned into an aside, waiting for its html and text to be filled in once
/// the rest of the tree is final.
struct Callout {
  Block block;
  cmark_node* aside = nullptr;  ///< a custom block whose children are the content
};

/// Turns every `> [!NAME]` block quote under `root` into an aside with id "<name>-<n>"
/// (numbered per kind) and a title paragraph. Adds an error at the marker for an unknown
/// name, a quiz-only name when `allow_quiz_blocks` is false, and a block inside a block;
/// those stay block quotes. Returns the asides in document order.
std::vector<Callout> ConvertCallouts(cmark_node* root, bool allow_quiz_blocks,
                                     const SourceFile& source);

/// As above, for the block quotes of a tree already collected (TreeNodes::block_quotes).
std::vector<Callout> ConvertCallouts(const std::vector<cmark_node*>& block_quotes,
                                     bool allow_quiz_blocks, const SourceFile& source);

}  // namespace bulletin
