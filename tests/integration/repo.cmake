# repo.cmake — packaging, chart repositories (HTTP, TLS + basic auth via python3), git
# dependencies and helm interoperability end to end (include from tests/integration/CMakeLists.txt).
if(TARGET chartctl)
  add_test(NAME integration/repo
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/repo.sh $<TARGET_FILE:chartctl>)
  set_tests_properties(integration/repo PROPERTIES TIMEOUT 600 SKIP_RETURN_CODE 77)
endif()
