// The CSV reader and the staff roster parser: never crash; a roster they accept has only
// clean text and known organisations.
#include <cstdlib>

#include "fuzz_support.h"
#include "manage/csv.h"
#include "manage/roster.h"
#include "server/form.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace bulletin;
  if (size > 256 * 1024) return 0;
  std::string_view text = fuzz::Text(data, size);
  Diagnostics csv_diags;
  std::vector<CsvRecord> records;
  ReadCsv(text, "staff.csv", &csv_diags, &records);
  Diagnostics diags;
  Roster roster;
  if (ParseRoster(text, "staff.csv", fuzz::Site(), "", &diags, &roster)) {
    for (const StaffMember& member : roster.staff) {
      if (!IsCleanText(member.name) || !IsCleanText(member.email)) std::abort();
      if (member.organisation != "police" && member.organisation != "health") std::abort();
    }
  }
  return 0;
}
