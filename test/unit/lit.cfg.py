# lit configuration of the gtest unit tests under test/unit.

import os

import lit.formats

config.name = "STRATA-Unit"
config.suffixes = []
config.test_source_root = os.path.join(config.strata_obj_root, "test", "unit")
config.test_exec_root = config.test_source_root
config.test_format = lit.formats.GoogleTest(".", "Tests")

# Tests that read the source tree or the corpus find them through these.
config.environment["STRATA_SOURCE_DIR"] = config.strata_src_root
# Tests that need the corpus skip themselves (saying so) when it is absent.
if os.path.isdir(config.strata_corpus_dir):
    config.environment["STRATA_CORPUS_DIR"] = config.strata_corpus_dir
