# Builds and runs the consumer project in tests/consumer against sklite, either through
# find_package (sklite installed to a temporary prefix first) or through add_subdirectory.
# Invoked by CTest as: cmake -DMODE=... -DSOURCE_DIR=... -DWORK_DIR=... -DCXX_COMPILER=... -P this file
foreach(var MODE SOURCE_DIR WORK_DIR CXX_COMPILER GENERATOR)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "run_consumer.cmake: ${var} is not set")
  endif()
endforeach()

function(run_step what)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE result OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "consumer (${MODE}): ${what} failed (${result})\n${out}\n${err}")
  endif()
  set(step_output "${out}" PARENT_SCOPE)
endfunction()

file(REMOVE_RECURSE "${WORK_DIR}")
set(consumer_args -G "${GENERATOR}" -DCMAKE_CXX_COMPILER=${CXX_COMPILER} -DCMAKE_BUILD_TYPE=Release)

if(MODE STREQUAL "find_package")
  set(prefix "${WORK_DIR}/prefix")
  run_step("configuring sklite" "${CMAKE_COMMAND}" -S "${SOURCE_DIR}" -B "${WORK_DIR}/sklite-build"
           ${consumer_args} -DSKLITE_BUILD_TESTS=OFF -DSKLITE_BUILD_EXAMPLES=OFF
           -DSKLITE_BUILD_BENCHMARKS=OFF -DSKLITE_BUILD_TOOLS=OFF "-DCMAKE_INSTALL_PREFIX=${prefix}")
  run_step("installing sklite" "${CMAKE_COMMAND}" --install "${WORK_DIR}/sklite-build")
  # The installed copy must stand alone: the consumer sees only the prefix, never the source tree.
  list(APPEND consumer_args "-DCMAKE_PREFIX_PATH=${prefix}" -DSKLITE_CONSUMER_MODE=find_package)
elseif(MODE STREQUAL "add_subdirectory")
  list(APPEND consumer_args "-DSKLITE_SOURCE_DIR=${SOURCE_DIR}" -DSKLITE_CONSUMER_MODE=add_subdirectory)
else()
  message(FATAL_ERROR "run_consumer.cmake: unknown MODE '${MODE}'")
endif()

run_step("configuring the consumer" "${CMAKE_COMMAND}" -S "${CMAKE_CURRENT_LIST_DIR}" -B
         "${WORK_DIR}/consumer-build" ${consumer_args})
run_step("building the consumer" "${CMAKE_COMMAND}" --build "${WORK_DIR}/consumer-build")
run_step("running the consumer" "${WORK_DIR}/consumer-build/consumer")
message(STATUS "consumer (${MODE}) printed:\n${step_output}")
if(NOT step_output MATCHES "sklite consumer OK")
  message(FATAL_ERROR "consumer (${MODE}): unexpected output:\n${step_output}")
endif()
