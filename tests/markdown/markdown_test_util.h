#pragma once

#include <string>
#include <string_view>

#include "markdown/markdown.h"

namespace bulletin {

/// What one RenderMarkdown call of a test produced.
struct RenderResult {
  bool ok = false;
  RenderedMarkdown out;
  Diagnostics diags;
  std::string Messages() const { return diags.FormatAll(); }
};

/// Renders `text` as the body of "input" starting at file line `first_line`.
inline RenderResult RenderForTest(std::string_view text, int first_line = 1,
                                  RenderOptions options = {}) {
  RenderResult r;
  r.ok = RenderMarkdown(text, "input", first_line, options, &r.diags, &r.out);
  return r;
}

}  // namespace bulletin
