#include "server/mime_types.h"

#include <strings.h>

namespace bulletin {
namespace {

struct MimeType {
  std::string_view extension;
  std::string_view content_type;
};

constexpr MimeType kMimeTypes[] = {
    {"html", "text/html; charset=utf-8"},
    {"htm", "text/html; charset=utf-8"},
    {"css", "text/css; charset=utf-8"},
    {"js", "text/javascript; charset=utf-8"},
    {"mjs", "text/javascript; charset=utf-8"},
    {"json", "application/json"},
    {"map", "application/json"},
    {"webmanifest", "application/manifest+json"},
    {"xml", "application/xml"},
    {"svg", "image/svg+xml"},
    {"png", "image/png"},
    {"jpg", "image/jpeg"},
    {"jpeg", "image/jpeg"},
    {"gif", "image/gif"},
    {"webp", "image/webp"},
    {"avif", "image/avif"},
    {"ico", "image/x-icon"},
    {"txt", "text/plain; charset=utf-8"},
    {"csv", "text/csv; charset=utf-8"},
    {"pdf", "application/pdf"},
    {"woff2", "font/woff2"},
    {"woff", "font/woff"},
};

std::string_view BaseName(std::string_view path) {
  size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

std::string_view Extension(std::string_view path) {
  std::string_view name = BaseName(path);
  size_t dot = name.rfind('.');
  return dot == std::string_view::npos ? std::string_view() : name.substr(dot + 1);
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace

std::string_view ContentTypeFor(std::string_view path) {
  if (EqualsIgnoreCase(BaseName(path), "feed.xml")) return "application/atom+xml";
  std::string_view extension = Extension(path);
  for (const MimeType& type : kMimeTypes) {
    if (EqualsIgnoreCase(type.extension, extension)) return type.content_type;
  }
  return "application/octet-stream";
}

bool IsHtmlPath(std::string_view path) {
  std::string_view extension = Extension(path);
  return EqualsIgnoreCase(extension, "html") || EqualsIgnoreCase(extension, "htm");
}

}  // namespace bulletin
