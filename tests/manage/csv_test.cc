#include "manage/csv.h"

#include "gtest/gtest.h"

namespace bulletin {
namespace {

std::vector<CsvRecord> Read(std::string_view text, std::string* errors = nullptr) {
  Diagnostics diags;
  std::vector<CsvRecord> out;
  bool ok = ReadCsv(text, "input", &diags, &out);
  if (errors) *errors = diags.FormatAll();
  EXPECT_EQ(ok, !diags.HasErrors());
  return out;
}

TEST(CsvTest, ReadsPlainFieldsWithLfOrCrlf) {
  for (std::string_view text : {"a,b\nc,d\n", "a,b\r\nc,d\r\n", "a,b\r\nc,d"}) {
    auto records = Read(text);
    ASSERT_EQ(records.size(), 2u) << text;
    EXPECT_EQ(records[0].fields, (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(records[1].fields, (std::vector<std::string>{"c", "d"}));
    EXPECT_EQ(records[1].line, 2);
  }
}

TEST(CsvTest, QuotedFieldsHoldCommasQuotesAndNewlines) {
  auto records = Read("\"Smith, Jo\",\"say \"\"hi\"\"\",\"two\r\nlines\"\nnext,row\n");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].fields,
            (std::vector<std::string>{"Smith, Jo", "say \"hi\"", "two\r\nlines"}));
  EXPECT_EQ(records[1].line, 3);  // the newline inside quotes counts
}

TEST(CsvTest, EmptyFieldsAndBlankLinesAndBom) {
  auto records = Read("\xEF\xBB\xBFname,,\n\n\"\",x,\n");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].fields, (std::vector<std::string>{"name", "", ""}));
  EXPECT_EQ(records[1].fields, (std::vector<std::string>{"", "x", ""}));
  EXPECT_EQ(records[1].line, 3);
}

TEST(CsvTest, ReportsEveryStrayQuoteWithLineAndColumn) {
  std::string errors;
  Read("a,b\"c\nok,\"x\"y\n", &errors);
  EXPECT_EQ(errors,
            "input:1:4: error: a quote inside a field that does not start with a quote; put "
            "the whole field in quotes and write each quote inside it twice (\"\")\n"
            "input:2:7: error: text after the closing quote of a field; put the whole field "
            "in quotes and write each quote inside it twice (\"\")\n");
}

TEST(CsvTest, ReportsAnUnterminatedQuoteWhereItOpens) {
  std::string errors;
  Read("a,b\nc,\"never\nclosed\n", &errors);
  EXPECT_EQ(errors,
            "input:2:3: error: this quoted field has no closing quote; end it with \" (a quote "
            "inside a quoted field is written twice: \"\")\n");
}

TEST(CsvTest, ReportsInvalidUtf8PerLineCountingCharacters) {
  std::string errors;
  Read("na\xc3\xafve,caf\xe9\nok\nbad\xff\n", &errors);
  EXPECT_EQ(errors,
            "input:1:10: error: this text is not UTF-8; save the file as 'CSV UTF-8 (comma "
            "delimited)' (in Excel: File, Save As) and import it again\n"
            "input:3:4: error: this text is not UTF-8; save the file as 'CSV UTF-8 (comma "
            "delimited)' (in Excel: File, Save As) and import it again\n");
}

TEST(CsvTest, WriterQuotesOnlyWhenNeeded) {
  EXPECT_EQ(CsvCell("plain"), "plain");
  EXPECT_EQ(CsvCell("Smith, Jo"), "\"Smith, Jo\"");
  EXPECT_EQ(CsvCell("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(CsvCell("a\nb"), "\"a\nb\"");
  EXPECT_EQ(CsvCell(""), "");
}

TEST(CsvTest, WriterNeutralisesFormulas) {
  EXPECT_EQ(CsvCell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
  EXPECT_EQ(CsvCell("+1"), "'+1");
  EXPECT_EQ(CsvCell("-2"), "'-2");
  EXPECT_EQ(CsvCell("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(CsvCell("\tx"), "'\tx");
  EXPECT_EQ(CsvCell("\rx"), "\"'\rx\"");
  EXPECT_EQ(CsvCell("a=b"), "a=b");
}

TEST(CsvTest, WrittenRowsReadBack) {
  std::string out;
  std::vector<std::string> row = {"Smith, Jo", "line\nbreak", "\"q\"", "", "x"};
  AppendCsvRow(row, &out);
  AppendCsvRow({"a"}, &out);
  EXPECT_EQ(out.substr(out.size() - 3), "a\r\n");
  auto records = Read(out);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].fields, row);
}

}  // namespace
}  // namespace bulletin
