# lit configuration of the Strata test suite (check-strata).

import os

import lit.formats
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

config.name = "STRATA"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".json", ".test"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.strata_obj_root, "test")
# unit/ holds gtest sources run by its own lit.cfg.py; Inputs/ holds files
# that tests read, not tests.
config.excludes = ["Inputs", "unit", "CMakeLists.txt", "lit.cfg.py",
                   "lit.site.cfg.py"]

config.substitutions.append(("%PATH%", config.environment["PATH"]))
config.substitutions.append(("%strata_src", config.strata_src_root))
config.substitutions.append(("%corpus", config.strata_corpus_dir))

llvm_config.with_system_environment(["HOME", "INCLUDE", "LIB", "TMP", "TEMP"])
llvm_config.use_default_substitutions()

# Corpus tests need ../shared/corpus beside the checkout.
if os.path.isdir(config.strata_corpus_dir):
    config.available_features.add("corpus")

tool_dirs = [config.strata_tools_dir, config.llvm_tools_dir]
tools = ["strata-opt", "strata-run", "strata-translate", "strata-compile",
         "stablehlo-input-check",
         "not", "count", "split-file"]
llvm_config.add_tool_substitutions(tools, tool_dirs)

# Tests that make .npy inputs or reference outputs need numpy; Debian's
# python3-numpy (installed by scripts/setup) provides it for /usr/bin/python3.
import subprocess


def _python_with_numpy():
    for candidate in ["/usr/bin/python3", config.python_executable]:
        try:
            subprocess.run([candidate, "-c", "import numpy"], check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            return candidate
        except (OSError, subprocess.CalledProcessError):
            continue
    return None


_numpy_python = _python_with_numpy()
if _numpy_python:
    config.available_features.add("numpy")
    config.substitutions.append(("%numpy_python", _numpy_python))

# ONNX tests build their models with Debian's python3-onnx (onnx.parser,
# onnx.helper) and compare against ONNX's own backend test data
# (libonnx-testdata); scripts/setup installs both.
def _python_with_onnx():
    for candidate in ["/usr/bin/python3", config.python_executable]:
        try:
            subprocess.run([candidate, "-c", "import onnx, onnx.parser, numpy"],
                           check=True, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
            return candidate
        except (OSError, subprocess.CalledProcessError):
            continue
    return None


_onnx_python = _python_with_onnx()
if _onnx_python:
    config.available_features.add("onnx")
    config.substitutions.append(("%onnx_python", _onnx_python))
    config.substitutions.append(("%strata_tools", config.strata_tools_dir))

_onnx_node_data = "/usr/share/libonnx-testdata/data/node"
if os.path.isdir(_onnx_node_data):
    config.available_features.add("onnx-testdata")
    config.substitutions.append(("%onnx_node_data", _onnx_node_data))

# Generated PTX is assembled with ptxas where the CUDA toolkit is installed
# (/usr/local/cuda on the developer and GPU machines), proving every kernel
# valid for the target.
import shutil

_ptxas = shutil.which("ptxas") or (
    "/usr/local/cuda/bin/ptxas"
    if os.path.exists("/usr/local/cuda/bin/ptxas") else None)
if _ptxas:
    config.available_features.add("ptxas")
    config.substitutions.append(("%ptxas", _ptxas))
