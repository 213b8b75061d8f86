#include "server/static_files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <string_view>
#include <vector>

#include "server/http_date.h"
#include "server/mime_types.h"
#include "server/request_target.h"

namespace bulletin {
namespace {

namespace fs = std::filesystem;

constexpr size_t kMaxNotFoundPageBytes = 1024 * 1024;

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
  std::string tag = EntityTag(info->st);
  response.headers.Set("ETag", tag);
  response.headers.Set("Last-Modified", FormatHttpDate(info->st.st_mtim.tv_sec));
  bool is_asset = request.path.starts_with("/assets/") && !IsHtmlPath(name);
  response.headers.Set("Cache-Control", is_asset ? "public, max-age=3600" : "no-cache");
  if (NotModified(request, tag, info->st.st_mtim.tv_sec)) {
    response.status = 304;
    return response;
  }
  response.headers.Set("Content-Type", std::string(ContentTypeFor(name)));
  response.file = std::move(info->file);
  return response;
}

}  // namespace bulletin
