#pragma once

#include <string>
#include <string_view>

namespace bulletin {

/// True if `digits` is ten ASCII digits whose last is the NHS modulus 11 check
/// digit of the first nine (weights 10 down to 2). Ten identical digits are not
/// treated as a number.
bool PassesNhsModulus11(std::string_view digits);

/// True if `text` is exactly one full UK postcode in capitals ("SW1A 1AA", "M1
/// 1AE", "B338TH"), the single space optional.
bool IsUkPostcode(std::string_view text);

/// The UK number in `text` as "0" + its 9 or 10 significant digits ("+44
/// (0)1632 960000"
/// -> "01632960000"), ignoring spaces, hyphens, dots and brackets; "" if it is
/// not one.
std::string NormaliseUkPhone(std::string_view text);

/// True if a `tel:` number is well formed: a UK number (see NormaliseUkPhone),
/// a short code (3 digits such as 999, 111, 101; or 116xxx/118xxx), or
/// +<country> with 8 to 15 digits.
bool IsWellFormedPhone(std::string_view text);

/// True if `address` is local@domain with a dotted domain and no spaces.
bool IsWellFormedEmail(std::string_view address);

/// True if an email address is a role or shared mailbox rather than a person's:
/// one of the words of its local part (split at . _ - + and digits) is a role
/// word such as mash, info, enquiries, safeguarding, admin, team, duty,
/// referrals, training.
bool IsRoleEmail(std::string_view address);

}  // namespace bulletin
