#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostics.h"

namespace bulletin {

/// The block kinds authors write as `> [!NAME]` (GitHub-alert form).
enum class BlockKind { kThink, kKey, kNote, kWarning, kContact };

/// "think", "key", "note", "warning", "contact": the data-block attribute value.
const char* BlockKindName(BlockKind kind);

struct Heading {
  int level = 2;
  std::string id;    ///< unique within the document: "what-we-learned", "what-we-learned-2"
  std::string text;  ///< plain text of the heading
  int line = 0;      ///< file line
};

/// One `> [!THINK]`-style block, for the /think/ and /key-messages/ collections.
struct Block {
  BlockKind kind = BlockKind::kNote;
  std::string id;     ///< the aside's id attribute, unique within the document
  std::string html;   ///< the block's inner content HTML (without the aside and title)
  std::string text;   ///< plain text of the content
  int line = 0;       ///< file line of the `> [!NAME]` marker
};

/// A link or image destination as written, for the link checker.
struct Link {
  std::string url;
  bool is_image = false;
  int line = 0;
  int column = 0;
};

struct RenderedMarkdown {
  std::string html;                  ///< the body HTML, blocks as styled asides
  std::vector<Heading> headings;     ///< in document order
  std::vector<Block> blocks;         ///< in document order
  std::vector<Link> links;           ///< in document order
  std::vector<std::string> anchors;  ///< every id in the html (headings, blocks, footnotes)
  std::string text;                  ///< plain text of the whole body, for search and excerpts
};

struct MarkdownLimits {
  size_t max_bytes = 512 * 1024;   ///< larger bodies are refused
  int max_table_columns = 64;      ///< wider tables are refused (cmark-gfm is quadratic)
  int max_nesting = 32;            ///< deeper block/bracket nesting is refused
};

/// Renders Markdown `text`, the body of `path` whose first line is file line `first_line`,
/// with GFM tables, strikethrough, autolinks, task lists and footnotes. `> [!THINK]`,
/// `[!KEY]`, `[!NOTE]`, `[!WARNING]`, `[!CONTACT]` become asides carrying data-block;
/// other block names are errors. Raw HTML is dropped except attribute-free <sup>, <sub>,
/// <br>; javascript:, vbscript: and data: links are removed. Input over a limit is refused
/// with an error naming the limit. Returns false if it added an error.
bool RenderMarkdown(std::string_view text, const std::string& path, int first_line,
                    const MarkdownLimits& limits, Diagnostics* diags, RenderedMarkdown* out);

}  // namespace bulletin
