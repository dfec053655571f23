# Flags for sklite's own tests, examples, benchmarks and tools. They never reach consumers of
# sklite::sklite: targets opt in by linking sklite_project_options.
add_library(sklite_project_options INTERFACE)
if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
  target_compile_options(
    sklite_project_options
    INTERFACE -Wall
              -Wextra
              -Wpedantic
              -Wshadow
              -Wconversion
              -Wsign-conversion
              -Wnon-virtual-dtor
              -Wold-style-cast
              -Woverloaded-virtual)
  if(SKLITE_WARNINGS_AS_ERRORS)
    target_compile_options(sklite_project_options INTERFACE -Werror)
  endif()
  if(SKLITE_SANITIZE)
    target_compile_options(sklite_project_options INTERFACE -fsanitize=${SKLITE_SANITIZE}
                                                            -fno-omit-frame-pointer -fno-sanitize-recover=all)
    target_link_options(sklite_project_options INTERFACE -fsanitize=${SKLITE_SANITIZE})
  endif()
endif()

# sklite's own programs use C++20 (designated initializers read like Python keyword arguments);
# the library itself needs only C++17, which the sklite_cxx17_headers target in tests/ checks.
set(CMAKE_CXX_STANDARD 20)
set(CMAKE_CXX_STANDARD_REQUIRED ON)
set(CMAKE_CXX_EXTENSIONS OFF)

# The examples and benchmarks run where they are built, so they may use every instruction the CPU
# has (AVX2 and FMA double Eigen's matrix-product speed over the SSE2 baseline). Tests keep the
# portable baseline. Consumers choose their own flags; docs/performance.md says which matter.
add_library(sklite_native_options INTERFACE)
if(SKLITE_NATIVE)
  include(CheckCXXCompilerFlag)
  check_cxx_compiler_flag(-march=native SKLITE_HAS_MARCH_NATIVE)
  if(SKLITE_HAS_MARCH_NATIVE)
    target_compile_options(sklite_native_options INTERFACE -march=native)
  endif()
  # With FMA available, compilers fuse a*b + c in the solver's loops, which rounds differently
  # from LIBSVM and scikit-learn (built for the baseline CPU) and changes the iterations. Eigen's
  # matrix products use FMA through intrinsics, so they keep their speed.
  check_cxx_compiler_flag(-ffp-contract=off SKLITE_HAS_FP_CONTRACT)
  if(SKLITE_HAS_FP_CONTRACT)
    target_compile_options(sklite_native_options INTERFACE -ffp-contract=off)
  endif()
  # GCC 12 warns "'__Y' may be used uninitialized" (or "is used") inside its own AVX-512
  # intrinsics, which Eigen's products use when the CPU has AVX-512: a known false positive (GCC bug
  # 105593), hundreds of times per build. Silenced for the natively built targets only; the
  # portable test build keeps both warnings, as errors in CI.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    target_compile_options(sklite_native_options INTERFACE -Wno-maybe-uninitialized
                                                           -Wno-uninitialized)
  endif()
endif()
