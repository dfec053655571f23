# Install the headers and an exported sklite::sklite target with a relocatable package config.
include(CMakePackageConfigHelpers)

set(SKLITE_CMAKE_INSTALL_DIR "${CMAKE_INSTALL_DATADIR}/cmake/sklite"
    CACHE STRING "Where sklite's CMake package files are installed")

install(TARGETS sklite EXPORT sklite-targets FILE_SET HEADERS FILE_SET distributed)
install(
  EXPORT sklite-targets
  NAMESPACE sklite::
  FILE sklite-targets.cmake
  DESTINATION "${SKLITE_CMAKE_INSTALL_DIR}")

configure_package_config_file(
  "${CMAKE_CURRENT_LIST_DIR}/sklite-config.cmake.in" "${CMAKE_CURRENT_BINARY_DIR}/sklite-config.cmake"
  INSTALL_DESTINATION "${SKLITE_CMAKE_INSTALL_DIR}")
# Header-only: the version file must not reject a consumer built for another architecture.
write_basic_package_version_file(
  "${CMAKE_CURRENT_BINARY_DIR}/sklite-config-version.cmake"
  COMPATIBILITY SameMinorVersion ARCH_INDEPENDENT)
install(FILES "${CMAKE_CURRENT_BINARY_DIR}/sklite-config.cmake"
              "${CMAKE_CURRENT_BINARY_DIR}/sklite-config-version.cmake"
        DESTINATION "${SKLITE_CMAKE_INSTALL_DIR}")
install(FILES "${PROJECT_SOURCE_DIR}/LICENSE" DESTINATION "${CMAKE_INSTALL_DATADIR}/doc/sklite")
