#pragma once

#include <cstddef>

#include "sitegen/page_writer.h"

namespace bulletin {

/// How many of a theme's newest Think prompts or key messages /think/ and /key-messages/
/// show: those pages stay the same size however many briefs a partnership publishes.
inline constexpr size_t kCollectionPreview = 3;

/// /think/ and /key-messages/: for each theme with such blocks, its count, the newest
/// kCollectionPreview and a link to the theme's page of them all. /think/<theme>/ is the
/// printable pack with every Think prompt of the theme, newest first; /key-messages/<theme>/
/// has every key message of the theme. A theme with no such blocks has no page. The two
/// collections may be written side by side.
void WriteThinkPages(PageWriter* writer);
void WriteKeyMessagePages(PageWriter* writer);

/// One Think prompt or key message and the brief or bulletin it comes from.
struct SourcedBlock {
  const PublishedDocument* doc = nullptr;
  const Block* block = nullptr;
};

/// A theme's Think prompts and key messages, newest document first: the blocks that declare
/// the theme (`> [!THINK: theme]`), and the blocks that declare none of a document that has it.
struct ThemeBlocks {
  std::vector<SourcedBlock> think, key;
  const std::vector<SourcedBlock>& Of(BlockKind kind) const {
    return kind == BlockKind::kThink ? think : key;
  }
};

/// ThemeBlocks for every theme, in site.yaml's order.
std::vector<ThemeBlocks> BlocksByTheme(const SiteModel& model);

}  // namespace bulletin
