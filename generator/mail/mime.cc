#include "mail/mime.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <ctime>
#include <random>

#include "core/text.h"

namespace bulletin {

namespace {

constexpr size_t kMaxLine = 78;  // RFC 5322's recommended limit, headers included
constexpr std::string_view kWordStart = "=?UTF-8?B?";
constexpr std::string_view kWordEnd = "?=";

std::string Base64(std::string_view bytes) {
  static const char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    uint32_t n = static_cast<uint8_t>(bytes[i]) << 16 | static_cast<uint8_t>(bytes[i + 1]) << 8 |
                 static_cast<uint8_t>(bytes[i + 2]);
    out += kAlphabet[n >> 18];
    out += kAlphabet[(n >> 12) & 63];
    out += kAlphabet[(n >> 6) & 63];
    out += kAlphabet[n & 63];
  }
  if (i < bytes.size()) {
    uint32_t n = static_cast<uint8_t>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) n |= static_cast<uint8_t>(bytes[i + 1]) << 8;
    out += kAlphabet[n >> 18];
    out += kAlphabet[(n >> 12) & 63];
    out += i + 1 < bytes.size() ? kAlphabet[(n >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

// Well-formed UTF-8 with every control character (C0, DEL, C1, line and paragraph
// separators) as a space: what may go into a header. Sets *ascii when all of it is ASCII.
std::string HeaderSafe(std::string_view text, bool* ascii) {
  std::string out;
  *ascii = true;
  for (size_t i = 0; i < text.size();) {
    uint32_t cp = 0;
    size_t n = Utf8SequenceLength(text, i, &cp);
    if (n == 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD
      *ascii = false;
      ++i;
      continue;
    }
    if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) || cp == 0x2028 || cp == 0x2029) {
      out += ' ';
    } else {
      out.append(text.substr(i, n));
      if (cp >= 0x80) *ascii = false;
    }
    i += n;
  }
  return out;
}

// Encoded words for `text` (already HeaderSafe), folded so no line passes kMaxLine.
// `used` is how much of the first line is taken already.
std::string EncodedWords(std::string_view text, size_t used) {
  std::string out;
  size_t i = 0;
  bool first = true;
  while (i < text.size() || first) {
    size_t budget = kMaxLine - (first ? used : 1) - kWordStart.size() - kWordEnd.size();
    // An encoded word is at most 75 characters long (RFC 2047 section 2).
    size_t max_bytes = std::min<size_t>(budget, 75 - kWordStart.size() - kWordEnd.size()) / 4 * 3;
    size_t end = i;
    while (end < text.size()) {
      uint32_t cp = 0;
      size_t n = Utf8SequenceLength(text, end, &cp);
      if (n == 0) n = 1;
      if (end + n - i > max_bytes) break;
      end += n;
    }
    if (end == i && i < text.size()) end = i + 1;  // cannot happen with budget >= 4 bytes
    if (!first) out += "\r\n ";
    out += kWordStart;
    out += Base64(text.substr(i, end - i));
    out += kWordEnd;
    i = end;
    first = false;
  }
  return out;
}

bool IsHeaderName(std::string_view name) {
  if (name.empty() || name.size() > 76) return false;
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') return false;
  }
  return true;
}

// Headers the message writes itself, which an extra header must not repeat.
bool IsReservedHeader(std::string_view name) {
  std::string lower = AsciiLower(name);
  for (const char* reserved : {"from", "to", "cc", "bcc", "subject", "date", "message-id",
                               "mime-version", "auto-submitted", "sender", "reply-to"}) {
    if (lower == reserved) return true;
  }
  return lower.rfind("content-", 0) == 0;
}

bool AppendMailbox(std::string_view header, const MailAddress& mailbox, std::string* out,
                   std::string* err) {
  if (!IsWellFormedEmail(mailbox.address)) {
    *err = std::string(header) + ": '" + HtmlEscape(mailbox.address) +
           "' is not an e-mail address bulletin can send to (local@domain, ASCII only)";
    return false;
  }
  *out += std::string(header) + ": " + FormatMailbox(mailbox, header.size()) + "\r\n";
  return true;
}

}  // namespace

bool ParseMailAddress(std::string_view text, MailAddress* out, std::string* err) {
  text = Trim(text);
  MailAddress result;
  size_t open = text.rfind('<');
  if (open != std::string_view::npos) {
    if (text.back() != '>') {
      *err = "'" + std::string(text) + "' must end with the address in <>: Name <local@domain>";
      return false;
    }
    result.address = std::string(text.substr(open + 1, text.size() - open - 2));
    std::string_view name = Trim(text.substr(0, open));
    if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
      name = name.substr(1, name.size() - 2);
    }
    result.name = std::string(name);
  } else {
    result.address = std::string(text);
  }
  if (!IsWellFormedEmail(result.address)) {
    *err = "'" + std::string(text) +
           "' is not an e-mail address: expected local@domain or Name <local@domain>";
    return false;
  }
  bool ascii = true;
  result.name = HeaderSafe(result.name, &ascii);
  *out = std::move(result);
  return true;
}

std::string EncodeHeaderText(std::string_view text, size_t name_length) {
  bool ascii = true;
  std::string safe = HeaderSafe(text, &ascii);
  if (ascii && name_length + 2 + safe.size() <= kMaxLine && safe.find("=?") == std::string::npos) {
    return safe;
  }
  return EncodedWords(safe, name_length + 2);
}

std::string FormatMailbox(const MailAddress& mailbox, size_t name_length) {
  if (mailbox.name.empty()) return mailbox.address;
  bool ascii = true;
  std::string name = HeaderSafe(mailbox.name, &ascii);
  std::string phrase;
  if (ascii && name.find("=?") == std::string::npos &&
      name_length + 2 + name.size() + 2 <= kMaxLine) {
    phrase = "\"";
    for (char c : name) {
      if (c == '"' || c == '\\') phrase += '\\';
      phrase += c;
    }
    phrase += '"';
  } else {
    phrase = EncodedWords(name, name_length + 2);
  }
  size_t nl = phrase.rfind('\n');
  size_t last_line =
      nl == std::string::npos ? name_length + 2 + phrase.size() : phrase.size() - nl - 1;
  bool fold = last_line + 3 + mailbox.address.size() > kMaxLine;
  return phrase + (fold ? "\r\n <" : " <") + mailbox.address + ">";
}

std::string QuotedPrintable(std::string_view text) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t nl = text.find('\n', start);
    std::string_view line =
        text.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    size_t column = 0;
    for (size_t i = 0; i < line.size(); ++i) {
      unsigned char c = static_cast<unsigned char>(line[i]);
      bool last = i + 1 == line.size();
      bool literal = (c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !last);
      // A leading '.' (SMTP's end of data) or "From " (mbox) is safer escaped.
      if (column == 0 && (c == '.' || (c == 'F' && line.substr(i, 5) == "From "))) literal = false;
      size_t width = literal ? 1 : 3;
      if (column + width > 75) {
        out += "=\r\n";
        column = 0;
        if (c == '.') literal = false, width = 3;
      }
      if (literal) {
        out += static_cast<char>(c);
      } else {
        out += '=';
        out += kHex[c >> 4];
        out += kHex[c & 15];
      }
      column += width;
    }
    if (nl == std::string_view::npos) break;
    out += "\r\n";
    start = nl + 1;
  }
  return out;
}

std::string MailDate(int64_t unix_seconds) {
  static const char* const kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%s, %02d %s %04d %02d:%02d:%02d +0000", kDays[tm.tm_wday],
                tm.tm_mday, kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
                tm.tm_sec);
  return buffer;
}

std::string NewMessageId(std::string_view domain) {
  static thread_local std::random_device device;
  static const char kHex[] = "0123456789abcdef";
  std::string id;
  for (int i = 0; i < 4; ++i) {
    uint32_t r = device();
    for (int j = 0; j < 8; ++j) id += kHex[(r >> (4 * j)) & 15];
  }
  return id + "@" + std::string(domain.empty() ? "bulletin.invalid" : domain);
}

std::string AddressDomain(std::string_view address) {
  size_t at = address.rfind('@');
  return at == std::string_view::npos ? "" : AsciiLower(address.substr(at + 1));
}

bool FormatMailMessage(const MailContent& content, std::string_view message_id, int64_t date,
                       std::string* out, std::string* err) {
  std::string m;
  if (!AppendMailbox("From", content.from, &m, err) || !AppendMailbox("To", content.to, &m, err)) {
    return false;
  }
  bool id_ascii = true;
  if (HeaderSafe(message_id, &id_ascii) != message_id || !id_ascii ||
      message_id.find_first_of(" <>") != std::string_view::npos ||
      message_id.find('@') == std::string_view::npos) {
    *err = "Message-ID '" + std::string(message_id) + "' must be printable ASCII id@domain";
    return false;
  }
  m += "Subject: " + EncodeHeaderText(content.subject, 7) + "\r\n";
  m += "Date: " + MailDate(date) + "\r\n";
  m += "Message-ID: <" + std::string(message_id) + ">\r\n";
  m += "MIME-Version: 1.0\r\n";
  if (content.auto_submitted) m += "Auto-Submitted: auto-generated\r\n";
  for (const auto& [name, value] : content.headers) {
    bool printable = value.size() <= 900;
    for (char c : value) printable = printable && c >= 0x20 && c <= 0x7e;
    if (!IsHeaderName(name) || IsReservedHeader(name) || !printable) {
      *err = "header '" + HtmlEscape(name) +
             "' is not allowed or its value is not one line of printable ASCII";
      return false;
    }
    m += name + ": " + value + "\r\n";
  }
  // A boundary starting "=_" can never occur in quoted-printable text, which writes '=' as
  // "=3D".
  std::string boundary = "=_bulletin_" + std::string(message_id.substr(0, message_id.find('@')));
  m += "Content-Type: multipart/alternative; boundary=\"" + boundary + "\"\r\n\r\n";
  m += "This is a message in plain text and HTML.\r\n";
  m += "--" + boundary + "\r\n";
  m += "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: "
       "quoted-printable\r\n\r\n";
  m += QuotedPrintable(content.text) + "\r\n";
  m += "--" + boundary + "\r\n";
  m += "Content-Type: text/html; charset=UTF-8\r\nContent-Transfer-Encoding: "
       "quoted-printable\r\n\r\n";
  m += QuotedPrintable(content.html) + "\r\n";
  m += "--" + boundary + "--\r\n";
  *out = std::move(m);
  return true;
}

}  // namespace bulletin
