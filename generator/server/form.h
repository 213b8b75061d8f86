#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/free_text.h"  // IsCleanText, which every free-text form field is checked with

namespace bulletin {

/// The fields of an application/x-www-form-urlencoded body, in order, decoded
/// ('+' is a space, %XX a byte). A field may repeat (checkboxes).
using FormFields = std::vector<std::pair<std::string, std::string>>;

/// Decodes `body` into *out. Returns false on a malformed escape or more than
/// `max_fields` fields.
bool ParseForm(std::string_view body, size_t max_fields, FormFields* out);

/// The first value of `name`, or "" if absent.
std::string FormValue(const FormFields& fields, std::string_view name);

/// `value` percent-encoded for a query string or form body: letters, digits and "-_.~" as
/// they are, every other byte %XX (a space too), so ParseForm gives `value` back.
std::string EncodeFormValue(std::string_view value);

}  // namespace bulletin
