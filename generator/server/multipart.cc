#include "server/multipart.h"

#include <cctype>
#include <map>

#include "core/text.h"

namespace bulletin {
namespace {

constexpr size_t kMaxBoundary = 70;
constexpr size_t kMaxPartHeaderBytes = 8 * 1024;

// RFC 2046 bchars: digits, letters and '()+_,-./:=? and space (not last).
bool IsBoundaryChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) ||
         std::string_view("'()+_,-./:=? ").find(c) != std::string_view::npos;
}

// "form-data; name=\"a\"; filename=x" -> first "form-data", params {name: a, filename: x}.
// Parameter names are lower-cased; quoted values lose their quotes and backslash escapes.
// Returns false on an unterminated quoted string or a parameter without '='.
bool ParseParams(std::string_view value, std::string* first,
                 std::map<std::string, std::string>* params) {
  size_t semi = value.find(';');
  *first = AsciiLower(Trim(value.substr(0, semi)));
  size_t pos = semi == std::string_view::npos ? value.size() : semi + 1;
  while (pos < value.size()) {
    while (pos < value.size() && (value[pos] == ' ' || value[pos] == '\t')) ++pos;
    if (pos == value.size()) break;
    size_t eq = value.find('=', pos);
    if (eq == std::string_view::npos) return false;
    std::string key = AsciiLower(Trim(value.substr(pos, eq - pos)));
    pos = eq + 1;
    while (pos < value.size() && (value[pos] == ' ' || value[pos] == '\t')) ++pos;
    std::string v;
    if (pos < value.size() && value[pos] == '"') {
      bool closed = false;
      for (++pos; pos < value.size(); ++pos) {
        char c = value[pos];
        if (c == '\\' && pos + 1 < value.size()) {
          v += value[++pos];
        } else if (c == '"') {
          closed = true;
          ++pos;
          break;
        } else {
          v += c;
        }
      }
      if (!closed) return false;
      while (pos < value.size() && value[pos] != ';') ++pos;
    } else {
      size_t end = value.find(';', pos);
      if (end == std::string_view::npos) end = value.size();
      v = std::string(Trim(value.substr(pos, end - pos)));
      pos = end;
    }
    if (pos < value.size() && value[pos] == ';') ++pos;
    params->emplace(std::move(key), std::move(v));  // the first of a repeated name wins
  }
  return true;
}

// Reads the header section of a part (up to and including the blank line) into *part.
bool ParsePartHeaders(std::string_view headers, MultipartPart* part, std::string* err) {
  bool has_disposition = false;
  size_t pos = 0;
  while (pos < headers.size()) {
    size_t eol = headers.find("\r\n", pos);
    if (eol == std::string_view::npos) eol = headers.size();
    std::string_view line = headers.substr(pos, eol - pos);
    pos = eol + 2;
    if (line.empty()) break;
    size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) {
      *err = "a part header line has no name";
      return false;
    }
    std::string name = AsciiLower(line.substr(0, colon));
    std::string_view value = Trim(line.substr(colon + 1));
    std::string first;
    std::map<std::string, std::string> params;
    if (name == "content-disposition") {
      if (!ParseParams(value, &first, &params) || first != "form-data" || !params.count("name")) {
        *err = "a part's Content-Disposition is not form-data with a name";
        return false;
      }
      has_disposition = true;
      part->name = params["name"];
      if (auto f = params.find("filename"); f != params.end()) {
        part->has_filename = true;
        part->filename = f->second;
      }
    } else if (name == "content-type") {
      part->content_type = std::string(value);
    }
  }
  if (!has_disposition) {
    *err = "a part has no Content-Disposition header";
    return false;
  }
  return true;
}

// Where a delimiter line starts at `pos`: it continues with "--" (the last one) or with
// optional padding and CRLF. Anything else is part content that happens to look similar.
bool IsDelimiterEnd(std::string_view body, size_t pos) {
  if (body.substr(pos, 2) == "--") return true;
  while (pos < body.size() && (body[pos] == ' ' || body[pos] == '\t')) ++pos;
  return body.substr(pos, 2) == "\r\n";
}

size_t FindDelimiter(std::string_view body, std::string_view delimiter, size_t from) {
  for (size_t at = body.find(delimiter, from); at != std::string_view::npos;
       at = body.find(delimiter, at + 1)) {
    if (IsDelimiterEnd(body, at + delimiter.size())) return at;
  }
  return std::string_view::npos;
}

}  // namespace

bool MultipartBoundary(std::string_view content_type, std::string* boundary) {
  std::string type;
  std::map<std::string, std::string> params;
  if (!ParseParams(content_type, &type, &params) || type != "multipart/form-data") return false;
  auto found = params.find("boundary");
  if (found == params.end()) return false;
  const std::string& b = found->second;
  if (b.empty() || b.size() > kMaxBoundary || b.back() == ' ') return false;
  for (char c : b) {
    if (!IsBoundaryChar(c)) return false;
  }
  *boundary = b;
  return true;
}

bool ParseMultipart(std::string_view body, std::string_view boundary, size_t max_parts,
                    std::vector<MultipartPart>* parts, std::string* err) {
  parts->clear();
  const std::string dash = "--" + std::string(boundary);
  const std::string delimiter = "\r\n" + dash;
  // The first delimiter may open the body or follow a preamble.
  size_t pos;
  if (body.substr(0, dash.size()) == dash) {
    pos = dash.size();
  } else {
    size_t found = body.find(delimiter);
    if (found == std::string_view::npos) {
      *err = "the body has no boundary line";
      return false;
    }
    pos = found + delimiter.size();
  }
  for (;;) {
    // After a delimiter: "--" closes the body; otherwise optional padding, then CRLF.
    if (body.substr(pos, 2) == "--") return true;
    while (pos < body.size() && (body[pos] == ' ' || body[pos] == '\t')) ++pos;
    if (body.substr(pos, 2) != "\r\n") {
      *err = body.size() <= pos ? "the body ends without its closing boundary"
                                : "a boundary line is followed by other text";
      return false;
    }
    pos += 2;
    if (parts->size() >= max_parts) {
      *err = "too many parts";
      return false;
    }
    // Headers end at the first blank line; a part may have none before it only in theory,
    // since Content-Disposition is required.
    size_t blank = body.find("\r\n\r\n", pos);
    bool no_headers = body.substr(pos, 2) == "\r\n";
    size_t header_end = no_headers ? pos : blank;
    if (header_end == std::string_view::npos || header_end - pos > kMaxPartHeaderBytes) {
      *err = header_end == std::string_view::npos ? "the body ends inside a part's headers"
                                                  : "a part's headers are too long";
      return false;
    }
    MultipartPart part;
    if (!ParsePartHeaders(body.substr(pos, header_end - pos + 2), &part, err)) return false;
    pos = header_end + (no_headers ? 2 : 4);
    size_t next = FindDelimiter(body, delimiter, pos);
    if (next == std::string_view::npos) {
      *err = "the body ends without its closing boundary";
      return false;
    }
    part.body = std::string(body.substr(pos, next - pos));
    parts->push_back(std::move(part));
    pos = next + delimiter.size();
  }
}

const MultipartPart* FindPart(const std::vector<MultipartPart>& parts, std::string_view name) {
  for (const MultipartPart& part : parts) {
    if (part.name == name) return &part;
  }
  return nullptr;
}

bool ParseMultipartPrefix(std::string_view prefix, std::string_view boundary, size_t max_parts,
                          std::vector<MultipartPart>* parts, std::string* err) {
  parts->clear();
  const std::string delimiter = "\r\n--" + std::string(boundary);
  size_t last = prefix.rfind(delimiter);
  if (last == std::string_view::npos) return true;  // not even the first part is whole
  std::string closed(prefix.substr(0, last));
  closed += delimiter + "--\r\n";
  return ParseMultipart(closed, boundary, max_parts, parts, err);
}

}  // namespace bulletin
