// Interim implementation: plain cmark-gfm rendering. The full block/sanitiser
// implementation replaces this.
#include "markdown/markdown.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include <cstdlib>

namespace bulletin {

const char* BlockKindName(BlockKind kind) {
  switch (kind) {
    case BlockKind::kThink: return "think";
    case BlockKind::kKey: return "key";
    case BlockKind::kNote: return "note";
    case BlockKind::kWarning: return "warning";
    case BlockKind::kContact: return "contact";
  }
  return "";
}

bool RenderMarkdown(std::string_view text, const std::string& path, int first_line,
                    const MarkdownLimits& limits, Diagnostics* diags, RenderedMarkdown* out) {
  if (text.size() > limits.max_bytes) {
    diags->Error(path, first_line, 1, "too large");
    return false;
  }
  char* html = cmark_markdown_to_html(text.data(), text.size(), CMARK_OPT_DEFAULT);
  out->html = html;
  out->text = std::string(text);
  std::free(html);
  return true;
}

}  // namespace bulletin
