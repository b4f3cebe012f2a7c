#!/usr/bin/env python3
"""XLA's step time on a StableHLO module, the baseline Strata is measured
against: the module text is compiled by the XLA client behind JAX (the same
compiler `jax.jit` uses) for the first GPU and run on zero-filled arguments.

    python3 bench/gpu/xla_step.py MODULE.stablehlo.mlir [--steps 20] [--warmup 3]

Prints one JSON object: median and all step times (seconds, CUDA-synchronized
wall time per step), XLA's reported temporary/argument/output sizes where the
client offers them, and the device's peak bytes in use.
"""
import argparse
import json
import re
import statistics
import sys
import time

import numpy as np
import jax
import jax.numpy as jnp

DTYPES = {"f32": np.float32, "f16": np.float16, "bf16": jnp.bfloat16,
          "i32": np.int32, "i64": np.int64, "i1": np.bool_, "ui32": np.uint32}


def main_argument_types(text):
    signature = re.search(r"func\.func public @main\((.*?)\)\s*->", text, re.S)
    if not signature:
        sys.exit("no public @main in the module")
    types = []
    for match in re.finditer(r"tensor<([^>]*)>", signature.group(1)):
        parts = match.group(1).split("x")
        dtype = DTYPES[parts[-1]]
        shape = tuple(int(p) for p in parts[:-1])
        types.append((shape, dtype))
    return types


def compile_module(client, device, text):
    errors = []
    from jax._src.lib import xla_client as xc
    options = xc.CompileOptions()
    attempts = []
    if hasattr(client, "compile_and_load"):
        attempts.append(lambda: client.compile_and_load(
            text, xc.DeviceList((device,)), options))
        attempts.append(lambda: client.compile_and_load(text, [device], options))
    if hasattr(client, "compile"):
        attempts.append(lambda: client.compile(text, options))
        attempts.append(lambda: client.compile(text.encode(), options))
    for attempt in attempts:
        try:
            return attempt()
        except Exception as error:  # noqa: BLE001 - report every failed API
            errors.append(repr(error)[:300])
    sys.exit("could not compile with this JAX's client API:\n" +
             "\n".join(errors) + "\nclient has: " +
             ", ".join(n for n in dir(client) if "comp" in n))


def run(executable, arguments):
    # jaxlib's LoadedExecutable takes the arguments as one flat sequence of
    # (single-device) arrays in recent releases, a list per argument in
    # older ones.
    if hasattr(executable, "execute_sharded"):
        try:
            return executable.execute_sharded(arguments)
        except TypeError:
            return executable.execute_sharded([[a] for a in arguments])
    return executable.execute(arguments)


def block(results):
    if hasattr(results, "disassemble_into_single_device_arrays"):
        for arrays in results.disassemble_into_single_device_arrays():
            for array in arrays:
                array.block_until_ready()
        return
    for result in results:
        result.block_until_ready()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("module")
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=3)
    args = parser.parse_args()
    text = open(args.module).read()
    device = jax.devices()[0]
    client = device.client
    types = main_argument_types(text)
    started = time.perf_counter()
    executable = compile_module(client, device, text)
    compile_seconds = time.perf_counter() - started

    def fresh_arguments():
        # Arguments are donated: each step gets new ones, made on the device.
        arrays = [jax.device_put(jnp.zeros(shape, dtype), device)
                  for shape, dtype in types]
        for array in arrays:
            array.block_until_ready()
        return arrays

    times = []
    for step in range(args.warmup + args.steps):
        arguments = fresh_arguments()
        begin = time.perf_counter()
        results = run(executable, arguments)
        block(results)
        elapsed = time.perf_counter() - begin
        if step >= args.warmup:
            times.append(elapsed)
        del results, arguments
    report = {"module": args.module, "device": str(device),
              "jax": jax.__version__, "compile_seconds": compile_seconds,
              "median_step_seconds": statistics.median(times),
              "step_seconds": times}
    try:
        stats = device.memory_stats()
        report["peak_bytes_in_use"] = stats.get("peak_bytes_in_use")
    except Exception:  # noqa: BLE001 - not every client has memory stats
        pass
    try:
        analysis = executable.get_compiled_memory_stats()
        report["temp_bytes"] = analysis.temp_size_in_bytes
        report["argument_bytes"] = analysis.argument_size_in_bytes
        report["output_bytes"] = analysis.output_size_in_bytes
    except Exception:  # noqa: BLE001
        pass
    print(json.dumps(report))


if __name__ == "__main__":
    main()
