#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bulletin {

/// A mailbox: an address and an optional display name (any UTF-8 text).
struct MailAddress {
  std::string name;
  std::string address;  ///< ASCII local@domain (see IsWellFormedEmail)
};

/// What a message says, before it is made into MIME.
struct MailContent {
  MailAddress from;
  MailAddress to;
  std::string subject;  ///< UTF-8; control characters become spaces
  std::string text;     ///< the plain-text part, UTF-8, '\n' line ends
  std::string html;     ///< the HTML part, a whole document; the caller escapes what users typed
  /// Further headers, such as List-Unsubscribe. Names are letters, digits and '-'; values
  /// printable ASCII (URLs in <>).
  std::vector<std::pair<std::string, std::string>> headers;
  /// Adds "Auto-Submitted: auto-generated" (RFC 3834): the message is sent by the system,
  /// so auto-replies (out of office) must not answer it.
  bool auto_submitted = true;
};

/// Parses "Name <local@domain>" or "local@domain" into *out. Returns false and sets *err
/// (saying what is wrong) otherwise.
bool ParseMailAddress(std::string_view text, MailAddress* out, std::string* err);

/// `text` as a header value: kept as it is when it is short printable ASCII, otherwise as
/// RFC 2047 encoded words ("=?UTF-8?B?...?="), each at most 75 characters, folded onto
/// continuation lines. CR, LF and other control characters become spaces first, so no text
/// can start a header of its own. Malformed UTF-8 becomes U+FFFD.
std::string EncodeHeaderText(std::string_view text, size_t name_length);

/// A mailbox for From or To: the name encoded as above, then <address>.
std::string FormatMailbox(const MailAddress& mailbox, size_t name_length);

/// `text` (UTF-8, '\n' or CRLF line ends) as quoted-printable with CRLF line ends and no
/// line longer than 76 characters.
std::string QuotedPrintable(std::string_view text);

/// RFC 5322 date-time in UTC: "Tue, 08 Dec 2026 09:30:00 +0000".
std::string MailDate(int64_t unix_seconds);

/// A new globally unique Message-ID value (without <>) at `domain`.
std::string NewMessageId(std::string_view domain);

/// The domain of an address ("example.org" for "a@example.org").
std::string AddressDomain(std::string_view address);

/// The whole message: headers (From, To, Subject, Date, Message-ID, MIME-Version,
/// Auto-Submitted, the extra headers) and a multipart/alternative body with the text and
/// HTML parts in UTF-8 quoted-printable, CRLF line ends. Returns false and sets *err if an
/// address or an extra header is not acceptable; nothing a caller passes can add a header.
bool FormatMailMessage(const MailContent& content, std::string_view message_id, int64_t date,
                       std::string* out, std::string* err);

}  // namespace bulletin
