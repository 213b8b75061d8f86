#include "server/static_files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "core/precompressed.h"
#include "core/text.h"
#include "server/http_date.h"
#include "server/mime_types.h"
#include "server/request_target.h"

namespace bulletin {
namespace {

namespace fs = std::filesystem;

constexpr size_t kMaxNotFoundPageBytes = 1024 * 1024;
// A range is read into memory: a larger one is answered with the whole file instead.
constexpr uint64_t kMaxRangeBytes = 16 * 1024 * 1024;

// Splits a decoded path into its non-empty segments; false if any is "." , ".." or a dotfile.
bool SplitSegments(std::string_view path, std::vector<std::string_view>* segments) {
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    std::string_view segment = path.substr(start, slash - start);
    if (!segment.empty()) {
      if (segment.front() == '.') return false;
      segments->push_back(segment);
    }
    start = slash + 1;
  }
  return true;
}

bool IsWithin(const fs::path& candidate, const fs::path& root) {
  const std::string& c = candidate.native();
  std::string prefix = root.native();
  if (prefix.empty() || prefix.back() != '/') prefix += '/';
  return c == root.native() || c.starts_with(prefix);
}

struct FileInfo {
  OpenFile file;
  bool is_directory = false;
  struct stat st {};
};

// Opens `path` read-only without blocking on FIFOs; only regular files and folders count.
std::optional<FileInfo> OpenPath(const fs::path& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return std::nullopt;
  FileInfo info;
  if (::fstat(fd, &info.st) != 0 || !(S_ISREG(info.st.st_mode) || S_ISDIR(info.st.st_mode))) {
    ::close(fd);
    return std::nullopt;
  }
  info.is_directory = S_ISDIR(info.st.st_mode);
  info.file = OpenFile(fd, static_cast<uint64_t>(info.st.st_size));
  return info;
}

std::string EntityTag(const struct stat& st) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "\"%llx-%llx-%lx\"",
                static_cast<unsigned long long>(st.st_size),
                static_cast<unsigned long long>(st.st_mtim.tv_sec),
                static_cast<unsigned long>(st.st_mtim.tv_nsec));
  return buffer;
}

// If-None-Match: "*" or a list of tags, compared weakly (a W/ prefix is ignored).
bool MatchesEntityTag(std::string_view header, std::string_view tag) {
  size_t start = 0;
  while (start < header.size()) {
    size_t comma = header.find(',', start);
    if (comma == std::string_view::npos) comma = header.size();
    std::string_view item = header.substr(start, comma - start);
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
    if (item.starts_with("W/")) item.remove_prefix(2);
    if (item == "*" || item == tag) return true;
    start = comma + 1;
  }
  return false;
}

bool NotModified(const HttpRequest& request, const std::string& tag, std::time_t mtime) {
  if (const std::string* if_none_match = request.headers.Find("If-None-Match")) {
    return MatchesEntityTag(*if_none_match, tag);
  }
  if (const std::string* if_modified_since = request.headers.Find("If-Modified-Since")) {
    std::optional<std::time_t> since = ParseHttpDate(*if_modified_since);
    return since && mtime <= *since;
  }
  return false;
}

// The q-value an Accept-Encoding header gives `encoding` (or "*"), 0 if it gives none.
double AcceptQuality(std::string_view header, std::string_view encoding) {
  double named = -1, any = -1;
  size_t start = 0;
  while (start <= header.size()) {
    size_t comma = header.find(',', start);
    if (comma == std::string_view::npos) comma = header.size();
    std::string_view item = header.substr(start, comma - start);
    start = comma + 1;
    size_t semi = item.find(';');
    std::string name = AsciiLower(Trim(item.substr(0, semi)));
    double q = 1;
    if (semi != std::string_view::npos) {
      std::string params = AsciiLower(item.substr(semi + 1));
      size_t at = params.find("q=");
      if (at != std::string::npos) q = std::atof(params.c_str() + at + 2);
    }
    if (name == encoding) named = q;
    if (name == "*") any = q;
  }
  return named >= 0 ? named : std::max(any, 0.0);
}

// A single byte range of a file of `size` bytes, from a Range header ("bytes=0-99",
// "bytes=100-", "bytes=-100"): [*first, *last]. nullopt: not one range we serve (a list of
// ranges, another unit, malformed), so the whole file is sent; false: unsatisfiable (416).
std::optional<bool> ByteRange(std::string_view header, uint64_t size, uint64_t* first,
                              uint64_t* last) {
  if (!header.starts_with("bytes=")) return std::nullopt;
  std::string_view spec = Trim(header.substr(6));
  size_t dash = spec.find('-');
  if (dash == std::string_view::npos || spec.find(',') != std::string_view::npos) {
    return std::nullopt;
  }
  auto number = [](std::string_view digits, uint64_t* out) {
    if (digits.empty() || digits.size() > 18) return false;
    *out = 0;
    for (char c : digits) {
      if (c < '0' || c > '9') return false;
      *out = *out * 10 + static_cast<uint64_t>(c - '0');
    }
    return true;
  };
  std::string_view from = spec.substr(0, dash), to = spec.substr(dash + 1);
  uint64_t a = 0, b = 0;
  if (from.empty()) {  // the last `to` bytes
    if (!number(to, &b)) return std::nullopt;
    if (b == 0 || size == 0) return false;
    *first = b >= size ? 0 : size - b;
    *last = size - 1;
    return true;
  }
  if (!number(from, &a) || (!to.empty() && (!number(to, &b) || b < a))) return std::nullopt;
  if (a >= size) return false;
  *first = a;
  *last = to.empty() || b >= size ? size - 1 : b;
  return true;
}

}  // namespace

std::optional<fs::path> StaticFiles::Resolve(const std::string& relative) const {
  std::error_code ec;
  fs::path root = fs::weakly_canonical(fs::absolute(site_dir_, ec), ec);
  if (ec) return std::nullopt;
  fs::path candidate = fs::weakly_canonical(root / relative, ec);
  if (ec || !IsWithin(candidate, root)) return std::nullopt;
  return candidate;
}

HttpResponse StaticFiles::NotFound() const {
  std::optional<fs::path> page = Resolve("404.html");
  std::optional<FileInfo> info = page ? OpenPath(*page) : std::nullopt;
  if (!info || info->is_directory || info->file.size() > kMaxNotFoundPageBytes) {
    return ErrorResponse(404);
  }
  HttpResponse response;
  response.status = 404;
  response.headers.Set("Content-Type", "text/html; charset=utf-8");
  response.headers.Set("Cache-Control", "no-cache");
  response.file = std::move(info->file);
  return response;
}

HttpResponse StaticFiles::Partial(const std::string& range, OpenFile file, HttpResponse response) {
  const uint64_t size = file.size();
  uint64_t first = 0, last = 0;
  std::optional<bool> satisfiable = ByteRange(range, size, &first, &last);
  if (!satisfiable || (*satisfiable && last - first + 1 > kMaxRangeBytes)) {
    response.file = std::move(file);  // the whole file, as if no Range had been asked for
    return response;
  }
  if (!*satisfiable) {
    response.status = 416;
    response.headers.Set("Content-Range", "bytes */" + std::to_string(size));
    return response;
  }
  response.body.resize(last - first + 1);
  ssize_t got =
      ::pread(file.fd(), response.body.data(), response.body.size(), static_cast<off_t>(first));
  if (got != static_cast<ssize_t>(response.body.size())) return ErrorResponse(500);
  response.status = 206;
  response.headers.Set("Content-Range", "bytes " + std::to_string(first) + "-" +
                                            std::to_string(last) + "/" + std::to_string(size));
  return response;
}

HttpResponse StaticFiles::Handle(const HttpRequest& request) const {
  if (request.method != "GET" && request.method != "HEAD") {
    HttpResponse response = ErrorResponse(405);
    response.headers.Set("Allow", "GET, HEAD");
    return response;
  }
  std::vector<std::string_view> segments;
  if (!SplitSegments(request.path, &segments)) return NotFound();
  std::string relative;
  for (std::string_view segment : segments) {
    if (!relative.empty()) relative += '/';
    relative += segment;
  }
  bool wants_folder = request.path.ends_with('/');
  std::string name = relative;
  if (wants_folder) name += relative.empty() ? "index.html" : "/index.html";

  std::optional<fs::path> resolved = Resolve(name);
  std::optional<FileInfo> info = resolved ? OpenPath(*resolved) : std::nullopt;
  if (!info) return NotFound();
  if (info->is_directory) {
    if (wants_folder) return NotFound();
    HttpResponse response = ErrorResponse(301);
    std::string location = EncodePath("/" + relative + "/");
    if (!request.query.empty()) location += "?" + request.query;
    response.headers.Set("Location", location);
    return response;
  }

  HttpResponse response;
  // A precompressed variant the build wrote beside the file (older ones are stale: ignored).
  std::string_view encoding;
  if (IsCompressiblePath(name)) {
    const std::string* accept = request.headers.Find("Accept-Encoding");
    for (const CompressionVariant& variant : kCompressionVariants) {
      std::optional<fs::path> path = Resolve(name + std::string(variant.suffix));
      std::optional<FileInfo> found = path ? OpenPath(*path) : std::nullopt;
      if (!found || found->is_directory || found->st.st_mtim.tv_sec < info->st.st_mtim.tv_sec) {
        continue;
      }
      response.headers.Set("Vary", "Accept-Encoding");
      if (encoding.empty() && accept && AcceptQuality(*accept, variant.encoding) > 0) {
        encoding = variant.encoding;
        info->file = std::move(found->file);
        info->st.st_size = found->st.st_size;
        info->st.st_mtim.tv_nsec = found->st.st_mtim.tv_nsec;
      }
    }
  }
  std::string tag = EntityTag(info->st);
  if (!encoding.empty()) tag.insert(tag.size() - 1, "-" + std::string(encoding));
  response.headers.Set("ETag", tag);
  response.headers.Set("Last-Modified", FormatHttpDate(info->st.st_mtim.tv_sec));
  bool is_asset = request.path.starts_with("/assets/") && !IsHtmlPath(name);
  // Search index files other than the manifest are named by a hash of their bytes: a name
  // never gets other bytes, so a browser may keep them for good.
  bool content_named = request.path.starts_with("/search-index/") &&
                       !request.path.ends_with("/manifest.json") && !IsHtmlPath(name);
  response.headers.Set("Cache-Control", content_named ? "public, max-age=31536000, immutable"
                                        : is_asset    ? "public, max-age=3600"
                                                      : "no-cache");
  if (NotModified(request, tag, info->st.st_mtim.tv_sec)) {
    response.status = 304;
    return response;
  }
  response.headers.Set("Content-Type", std::string(ContentTypeFor(name)));
  if (!encoding.empty()) response.headers.Set("Content-Encoding", std::string(encoding));
  response.headers.Set("Accept-Ranges", "bytes");
  const std::string* range = request.headers.Find("Range");
  const std::string* if_range = request.headers.Find("If-Range");
  if (range && (!if_range || *if_range == tag)) {
    return Partial(*range, std::move(info->file), std::move(response));
  }
  response.file = std::move(info->file);
  return response;
}

}  // namespace bulletin
