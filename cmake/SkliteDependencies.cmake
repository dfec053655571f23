# The library's own dependencies: Eigen (3.3 or newer, including 5.x) and zlib (gzipped IDX files).
find_package(Eigen3 REQUIRED NO_MODULE)
# Eigen 3.4 and 5.x disagree on version ranges, so the version is checked here instead of in the call.
if(DEFINED Eigen3_VERSION AND Eigen3_VERSION VERSION_LESS 3.3)
  message(FATAL_ERROR "sklite needs Eigen 3.3 or newer; found ${Eigen3_VERSION}")
endif()
find_package(ZLIB REQUIRED)
