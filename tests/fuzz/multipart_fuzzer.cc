// multipart/form-data: never crashes; parts never reach past the body, and the prefix
// reader agrees with the whole-body reader on the parts both see.
#include <cstdlib>

#include "fuzz_support.h"
#include "server/multipart.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace bulletin;
  std::string_view body = fuzz::Text(data, size);
  std::vector<MultipartPart> parts, prefix_parts;
  std::string err;
  bool ok = ParseMultipart(body, "XyZ", 100, &parts, &err);
  size_t total = 0;
  for (const MultipartPart& part : parts) total += part.body.size();
  if (ok && total > body.size()) std::abort();
  if (ok && ParseMultipartPrefix(body, "XyZ", 100, &prefix_parts, &err)) {
    if (prefix_parts.size() > parts.size()) std::abort();
    for (size_t i = 0; i < prefix_parts.size(); ++i) {
      if (prefix_parts[i].name != parts[i].name || prefix_parts[i].body != parts[i].body) {
        std::abort();
      }
    }
  }
  std::string boundary;
  MultipartBoundary(body.substr(0, 200), &boundary);
  return 0;
}
