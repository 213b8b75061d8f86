#pragma once

#include <string>
#include <string_view>

namespace bulletin {

// How people type and read certificate codes (26 characters of RFC 4648 base32, A-Z and
// 2-7): from a printout, read aloud over the phone, copied with the dashes they were shown.

/// The code as stored, from what someone typed: letters in any case, with any spaces and
/// dashes; 0, 1 and 8 (not in the alphabet) read as O, I and B. Other characters are kept,
/// so a code that was not one stays not one.
std::string NormaliseCertificateCode(std::string_view typed);

/// A stored code in groups of four for reading out: "ZTLE-LWQK-...-AB".
std::string GroupCertificateCode(std::string_view code);

}  // namespace bulletin
