# interop.cmake — chartctl <-> real helm 3.17.1 on kubesim (include from tests/integration/CMakeLists.txt);
# skipped (77) when helm cannot be had.
if(TARGET chartctl)
  add_test(NAME integration/interop
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/interop.sh $<TARGET_FILE:chartctl> $<TARGET_FILE:kubesim>)
  set_tests_properties(integration/interop PROPERTIES TIMEOUT 900 RUN_SERIAL TRUE SKIP_RETURN_CODE 77)
endif()
