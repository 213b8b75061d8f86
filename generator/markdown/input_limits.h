#pragma once

#include <string>
#include <string_view>

#include "core/diagnostics.h"
#include "markdown/markdown.h"

namespace bulletin {

/// Scans Markdown `text` (body of `path`, starting at file line `first_line`) before it is
/// parsed, and adds an error for each limit it breaks: size, table width, cells per row,
/// cells per table, block quote depth and open-bracket depth (the inputs on which
/// cmark-gfm 0.29.0.gfm.6 is slow). Returns false if it added an error.
bool CheckInputLimits(std::string_view text, const std::string& path, int first_line,
                      const MarkdownLimits& limits, Diagnostics* diags);

}  // namespace bulletin
