# checker.cmake — the built-in OpenAPI x-amples service checker end to end: `chartctl test
# --service-checker` against a local HTTP server, and `upgrade --canary --check-openapi` on kubesim.
if(TARGET chartctl)
  add_test(NAME integration/checker
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/checker.sh $<TARGET_FILE:chartctl> $<TARGET_FILE:kubesim>)
  set_tests_properties(integration/checker PROPERTIES TIMEOUT 600 RUN_SERIAL TRUE)
endif()
