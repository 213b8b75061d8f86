#include "server/certificate_code.h"

#include <gtest/gtest.h>

namespace bulletin {
namespace {

TEST(CertificateCodeTest, TypedCodesAreReadInAnyCaseWithSpacesAndDashes) {
  EXPECT_EQ(NormaliseCertificateCode("ztle-lwqk-abcd"), "ZTLELWQKABCD");
  EXPECT_EQ(NormaliseCertificateCode(" ZTLE LWQK\tAB "), "ZTLELWQKAB");
  EXPECT_EQ(NormaliseCertificateCode("Z0L1-8"), "ZOLIB") << "0, 1 and 8 are not in base32";
  EXPECT_EQ(NormaliseCertificateCode("AB/CD"), "AB/CD") << "other characters stay, and fail";
  EXPECT_EQ(NormaliseCertificateCode(""), "");
}

TEST(CertificateCodeTest, CodesAreShownInGroupsOfFour) {
  EXPECT_EQ(GroupCertificateCode("ZTLELWQKABCDEFGHIJKLMNOPQR"), "ZTLE-LWQK-ABCD-EFGH-IJKL-MNOP-QR");
  EXPECT_EQ(GroupCertificateCode("ABCD"), "ABCD");
  EXPECT_EQ(GroupCertificateCode(""), "");
  EXPECT_EQ(NormaliseCertificateCode(GroupCertificateCode("ZTLELWQKABCDEFGHIJKLMNOPQR")),
            "ZTLELWQKABCDEFGHIJKLMNOPQR");
}

}  // namespace
}  // namespace bulletin
