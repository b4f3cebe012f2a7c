"""numpy reference (float64) for batch-norm.mlir.

usage: batch_norm_reference.py IN_DIR OUT_DIR
"""
import sys

import numpy as np

in_dir, out_dir = sys.argv[1:3]
x, scale, offset, dy = (np.load(f"{in_dir}/arg{i}.npy").astype(np.float64) for i in range(4))
eps = 1e-3
axes = (0, 2, 3)  # feature dimension 1 (NCHW)
n = x.shape[0] * x.shape[2] * x.shape[3]


def spread(v):
    return v.reshape(1, -1, 1, 1)


mean = x.mean(axis=axes)
var = x.var(axis=axes)
inv = 1 / np.sqrt(var + eps)
xhat = (x - spread(mean)) * spread(inv)
train = xhat * spread(scale) + spread(offset)
infer = (x - spread(mean)) * spread(inv) * spread(scale) + spread(offset)
grad_offset = dy.sum(axis=axes)
grad_scale = (dy * xhat).sum(axis=axes)
grad_x = spread(scale * inv) / n * (n * dy - spread(grad_offset) - xhat * spread(grad_scale))
results = [train, mean, var, infer, grad_x, grad_scale, grad_offset]
for k, result in enumerate(results):
    np.save(f"{out_dir}/result{k}.npy", result.astype(np.float32))
