#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostics.h"
#include "markdown/block_kind.h"

namespace bulletin {

struct Heading {
  int level = 2;
  std::string id;    ///< unique within the document: "what-we-learned", "what-we-learned-2"
  std::string text;  ///< plain text of the heading
  int line = 0;      ///< file line
};

/// One `> [!THINK]`-style block, for the /think/ and /key-messages/ collections.
struct Block {
  BlockKind kind = BlockKind::kNote;
  std::string id;    ///< the aside's id attribute, unique within the document
  std::string html;  ///< the block's inner content HTML (without the aside and title)
  std::string text;  ///< plain text of the content
  int line = 0;      ///< file line of the `> [!NAME]` marker
  /// `> [!THINK: coercive-control, dash]`: the themes the block declares, as written (the
  /// build turns names into slugs and reports unknown ones); empty: the page's themes.
  std::vector<std::string> themes;
};

/// A link or image destination kept in the html (as written, entities decoded), for the
/// link checker. Removed destinations (javascript: ...) are not listed.
struct Link {
  std::string url;
  bool is_image = false;
  int line = 0;    ///< file line of the link's `[` or the image's `!`
  int column = 0;  ///< 1-based byte column
};

struct RenderedMarkdown {
  std::string html;                  ///< the body HTML, blocks as styled asides
  std::vector<Heading> headings;     ///< in document order
  std::vector<Block> blocks;         ///< in document order
  std::vector<Link> links;           ///< in document order
  std::vector<std::string> anchors;  ///< every id in the html (headings, blocks, footnotes)
  std::string text;                  ///< plain text of the whole body, for search and excerpts
};

/// Bounds on what is fed to cmark-gfm 0.29.0.gfm.6, which is quadratic on wide tables and
/// on runs of open brackets. Checked on the text before parsing.
struct MarkdownLimits {
  size_t max_bytes = 512 * 1024;  ///< larger bodies are refused
  int max_table_columns = 64;     ///< wider tables (and rows with more cells) are refused
  int max_table_cells = 50000;    ///< tables with more columns x rows are refused
  int max_nesting = 32;           ///< deeper block quote / open-bracket nesting is refused
};

struct RenderOptions {
  MarkdownLimits limits;
  /// Quiz files may use `> [!EXPLAIN]` and `> [!SCENARIO]`; elsewhere they are errors.
  bool allow_quiz_blocks = false;
};

/// Renders Markdown `text`, the body of `path` whose first line is file line `first_line`,
/// with GFM tables, strikethrough, autolinks, task lists and footnotes. `> [!THINK]`,
/// `[!KEY]`, `[!NOTE]`, `[!WARNING]`, `[!CONTACT]` become asides carrying data-block;
/// other block names, and blocks inside blocks, are errors. Headings get unique ids.
/// Raw HTML is dropped except attribute-free <sup>, <sub>, <br>; links and images whose
/// scheme is not http(s), mailto: or tel: (javascript:, vbscript:, data:, file: ...) are
/// removed with an error. Input over a limit is refused with an error naming the limit,
/// and `out` is left empty. Every problem is reported at its file line:col. Returns false
/// if it added an error. Never throws.
bool RenderMarkdown(std::string_view text, const std::string& path, int first_line,
                    const RenderOptions& options, Diagnostics* diags, RenderedMarkdown* out);

/// As above with default options (no quiz blocks).
bool RenderMarkdown(std::string_view text, const std::string& path, int first_line,
                    const MarkdownLimits& limits, Diagnostics* diags, RenderedMarkdown* out);

}  // namespace bulletin
