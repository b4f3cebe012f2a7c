"""Writes argI.npy for the given shapes, with seeded random values.

usage: random_npy.py DIR SHAPE:DTYPE [SHAPE:DTYPE ...]
SHAPE is like 4x8 (or "scalar"); DTYPE is a numpy dtype name.
"""
import sys

import numpy as np

out_dir = sys.argv[1]
rng = np.random.default_rng(1234)
for index, spec in enumerate(sys.argv[2:]):
    shape_text, dtype = spec.split(":")
    shape = () if shape_text == "scalar" else tuple(int(d) for d in shape_text.split("x"))
    if np.issubdtype(np.dtype(dtype), np.integer):
        values = rng.integers(0, 8, size=shape)
    else:
        values = rng.standard_normal(shape)
    np.save(f"{out_dir}/arg{index}.npy", np.asarray(values, dtype=dtype))
