"""numpy reference (float64) for conv-pool-slice.mlir.

usage: conv_pool_reference.py IN_DIR OUT_DIR
"""
import sys

import numpy as np

in_dir, out_dir = sys.argv[1:3]
x = np.load(f"{in_dir}/arg0.npy").astype(np.float64)   # [2, 3, 8, 8] NCHW
w = np.load(f"{in_dir}/arg1.npy").astype(np.float64)   # [4, 3, 3, 3] OIHW
i = int(np.load(f"{in_dir}/arg2.npy"))
j = int(np.load(f"{in_dir}/arg3.npy"))

# 3x3 convolution, stride 1, padding 1.
xp = np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1)))
conv = np.zeros((2, 4, 8, 8))
for dy in range(3):
    for dx in range(3):
        conv += np.einsum("bchw,oc->bohw", xp[:, :, dy:dy + 8, dx:dx + 8], w[:, :, dy, dx])
relu = np.maximum(conv, 0)
# 2x2 max pooling, stride 2.
pool = relu.reshape(2, 4, 4, 2, 4, 2).max(axis=(3, 5))
# A dynamic 2x2 window of each pooled map (starts clamped to fit).
ci, cj = min(max(i, 0), 2), min(max(j, 0), 2)
window = pool[:, :, ci:ci + 2, cj:cj + 2]
# Written back into zeros at the same place.
update = np.zeros_like(pool)
update[:, :, ci:ci + 2, cj:cj + 2] = window
for k, result in enumerate([pool, window, update]):
    np.save(f"{out_dir}/result{k}.npy", result.astype(np.float32))
