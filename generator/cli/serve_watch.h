#pragma once

#include <memory>

#include "cli/serve_command.h"
#include "watch/watch.h"

namespace bulletin {

/// `bulletin serve --watch`: builds the site into options.server.site_dir from the content
/// and templates folders (checking internal links as `bulletin build` does) and starts
/// watching them. Prints why and returns nullptr if it cannot.
std::unique_ptr<Watch> StartServeWatch(const ServeOptions& options);

}  // namespace bulletin
