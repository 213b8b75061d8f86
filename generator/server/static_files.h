#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "server/http_types.h"

namespace bulletin {

/// Serves the files of a built site folder, safely:
/// - GET and HEAD only; other methods get 405 with `Allow: GET, HEAD`.
/// - "/x/" serves "x/index.html"; "/x" naming a folder redirects 301 to "/x/" (query kept).
/// - Nothing outside the folder is ever served: ".." segments, any segment starting with
///   '.' (dotfiles), and symlinks resolving outside the folder all get the 404 page.
/// - A missing file gets the site's 404.html (or a plain page) with status 404.
/// - Responses carry Content-Type, ETag, Last-Modified and Cache-Control (`no-cache` for
///   HTML and anything outside /assets/, `public, max-age=3600` under /assets/), and
///   If-None-Match / If-Modified-Since get 304.
/// The folder is resolved afresh on every request and no descriptor is kept between
/// requests, so a build may swap it with rename() while the server runs.
class StaticFiles {
 public:
  explicit StaticFiles(std::string site_dir) : site_dir_(std::move(site_dir)) {}

  /// Answers `request` (whose path the server has already decoded). Thread-safe.
  HttpResponse Handle(const HttpRequest& request) const;

 private:
  /// The canonical form of site_dir/`relative` if it lies inside the site folder.
  std::optional<std::filesystem::path> Resolve(const std::string& relative) const;
  HttpResponse NotFound() const;

  std::string site_dir_;
};

}  // namespace bulletin
