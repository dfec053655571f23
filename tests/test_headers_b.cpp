// Includes every header, each on its own in reverse order of path (a list CMake generates), so
// that a header breaking one included after it fails to build; compiled with test_headers_a.cpp as
// strict C++17 so that a non-inline definition in a header fails to link and C++20 in a header
// fails to build.
#include <doctest/doctest.h>

#include <all_headers_reversed.hpp>

#include <string>

TEST_CASE("headers: every header, in reverse order, compiles as C++17 in translation unit b") {
  CHECK(std::string(sklite::version) == SKLITE_VERSION_STRING);
  CHECK(__cplusplus == 201703L);
}
