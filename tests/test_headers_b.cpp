// Includes every public header; compiled twice (test_headers_a.cpp and test_headers_b.cpp) as
// strict C++17 so that a non-inline definition in a header fails to link and C++20 in a header
// fails to build.
#include <doctest/doctest.h>
#include <sklite/sklite.hpp>

#include <string>

TEST_CASE("headers: the umbrella header compiles as C++17 in translation unit b") {
  CHECK(std::string(sklite::version) == SKLITE_VERSION_STRING);
  CHECK(__cplusplus == 201703L);
}
