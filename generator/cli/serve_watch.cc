#include "cli/serve_watch.h"

#include <iostream>

#include "check/check_command.h"

namespace bulletin {

std::unique_ptr<Watch> StartServeWatch(const ServeOptions& options) {
  static RealFileSystem fs;
  WatchOptions watch;
  watch.build.content_dir = options.content_dir;
  watch.build.templates_dir = options.templates_dir;
  watch.build.out_dir = options.server.site_dir;
  watch.build.drafts = options.drafts;
  watch.build.base_url = options.base_url;
  AddBuildChecks(&watch.build, /*remember=*/true);
  auto w = std::make_unique<Watch>(fs, watch, std::cerr);
  std::string err;
  if (!w->Start(&err)) {
    std::cerr << "bulletin serve: " << err << '\n';
    return nullptr;
  }
  return w;
}

}  // namespace bulletin
