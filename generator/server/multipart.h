#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace bulletin {

/// One part of a multipart/form-data body (RFC 7578).
struct MultipartPart {
  std::string name;                         ///< Content-Disposition's name parameter
  std::string filename;                     ///< its filename parameter, as sent; "" if none
  bool has_filename = false;                ///< a file input, even one sent with an empty filename
  std::string content_type = "text/plain";  ///< the part's Content-Type, if it gave one
  std::string body;  ///< the bytes between the part's headers and the next delimiter
};

/// The boundary parameter of a multipart/form-data Content-Type value (quoted or not).
/// Returns false if the type is not multipart/form-data or the boundary is missing, empty,
/// longer than 70 characters or holds characters RFC 2046 does not allow.
bool MultipartBoundary(std::string_view content_type, std::string* boundary);

/// Splits `body` into its parts. Returns false and sets *err (a short reason, for logs and
/// tests; never shown to users as is) if a delimiter line is malformed, a part's headers are
/// malformed or over 8 KiB, a part lacks `Content-Disposition: form-data; name=...`, there
/// are more than `max_parts` parts, or the closing delimiter is missing (a truncated upload).
/// The preamble and epilogue are ignored. A part's body is kept byte for byte, CRLFs and
/// all; only the CRLF that belongs to the next delimiter is removed.
bool ParseMultipart(std::string_view body, std::string_view boundary, size_t max_parts,
                    std::vector<MultipartPart>* parts, std::string* err);

/// The parts wholly inside `prefix`, the first bytes of a multipart body still arriving (as
/// ParseMultipart would give them for the whole body); a part cut off at the end of `prefix`
/// is left out. Returns false as ParseMultipart does for malformed parts.
bool ParseMultipartPrefix(std::string_view prefix, std::string_view boundary, size_t max_parts,
                          std::vector<MultipartPart>* parts, std::string* err);

/// The first part named `name`, or nullptr.
const MultipartPart* FindPart(const std::vector<MultipartPart>& parts, std::string_view name);

}  // namespace bulletin
