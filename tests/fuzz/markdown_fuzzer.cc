// The Markdown pipeline with its input limits: never crashes or hangs (libFuzzer's -timeout
// catches a slow input), and what it renders holds no script.
#include <cstdlib>
#include <string>

#include "fuzz_support.h"
#include "markdown/markdown.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace bulletin;
  if (size > 256 * 1024) return 0;
  Diagnostics diags;
  RenderedMarkdown out;
  RenderOptions options;
  RenderMarkdown(fuzz::Text(data, size), "briefs/input.md", 5, options, &diags, &out);
  for (const char* bad : {"<script", "href=\"javascript:", "src=\"javascript:"}) {
    if (out.html.find(bad) != std::string::npos) std::abort();
  }
  return 0;
}
