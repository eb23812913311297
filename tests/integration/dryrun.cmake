# dryrun.cmake — install/upgrade --dry-run=client|server against kubesim, compared with real helm
# 3.17.1 when available (include from tests/integration/CMakeLists.txt).
if(TARGET chartctl)
  add_test(NAME integration/dryrun
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/dryrun.sh $<TARGET_FILE:chartctl> $<TARGET_FILE:kubesim>)
  set_tests_properties(integration/dryrun PROPERTIES TIMEOUT 600 RUN_SERIAL TRUE)
endif()
