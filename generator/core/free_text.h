#pragma once

#include <cstdint>
#include <string_view>

namespace bulletin {

/// True if `code_point` is in Unicode general category Cf (format: soft hyphen, zero-width
/// joiners and spaces, direction marks, embeddings, overrides and isolates, the byte order
/// mark, tags, ...), Zl (line separator) or Zp (paragraph separator), per Unicode 14.
bool IsFormatOrSeparator(uint32_t code_point);

/// True if `text` is free text a person may type into a name, team or similar field: valid
/// UTF-8 (so no unpaired surrogates, overlong forms or values past U+10FFFF), without C0 or
/// C1 control characters (tab excepted), DEL, or any character IsFormatOrSeparator refuses.
/// Such characters are invisible or change how the text around them is displayed, so a name
/// on a certificate could read differently from what was stored. Every form field that takes
/// free text is checked with this.
bool IsCleanText(std::string_view text);

}  // namespace bulletin
