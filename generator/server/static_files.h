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
///   HTML and anything outside /assets/, `public, max-age=3600` under /assets/, and
///   `public, max-age=31536000, immutable` for the search index's files named by a hash of
///   their bytes: all under /search-index/ but manifest.json), and
///   If-None-Match / If-Modified-Since get 304.
/// - A text file with precompressed variants beside it (`x.br`, `x.gz`, see
///   core/precompressed.h; ignored when older than the file) is sent as the variant the
///   client's Accept-Encoding takes (Brotli first), with Content-Encoding, its own ETag and
///   `Vary: Accept-Encoding`.
/// - One byte range (`Range: bytes=a-b`, `a-`, `-n`; If-Range honoured) gets 206 with
///   Content-Range, or 416 past the end; a list of ranges gets the whole file.
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
  static HttpResponse Partial(const std::string& range, OpenFile file, HttpResponse response);

  std::string site_dir_;
};

}  // namespace bulletin
