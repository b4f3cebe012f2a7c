//===- StrataGraphOps.td - The model: ops on tensors --------*- tablegen -*-===//
//
// Graph ops have tensor value semantics and mean what the StableHLO op of the
// same name means, restricted to static shapes. Each implements the cost
// interface; result types are inferred wherever the operands determine them.

#ifndef STRATA_GRAPH_OPS_TD
#define STRATA_GRAPH_OPS_TD

include "dialects/strata/StrataBase.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

class Strata_GraphOp<string mnemonic, list<Trait> traits = []>
    : Strata_Op<mnemonic, !listconcat(traits, [Pure,
        DeclareOpInterfaceMethods<Strata_CostOpInterface, ["getCost"]>])>;

// Elementwise ops keep the interface's default cost (one op per element).
class Strata_ElementwiseOp<string mnemonic, list<Trait> traits = []>
    : Strata_Op<mnemonic, !listconcat(traits, [Pure,
        Strata_CostOpInterface])>;

//===----------------------------------------------------------------------===//
// Sources
//===----------------------------------------------------------------------===//

def Strata_ConstantOp : Strata_GraphOp<"constant", [ConstantLike,
    AllTypesMatch<["value", "result"]>]> {
  let summary = "A tensor known at compile time";
  let description = [{
    Produces `value`. A constant reads nothing and writes its bytes once.

    ```mlir
    %c = strata.constant dense<[1.0, 2.0]> : tensor<2xf32>
    ```
  }];
  let arguments = (ins ElementsAttr:$value);
  let results = (outs Strata_Tensor:$result);
  let assemblyFormat = "$value attr-dict";
  let hasFolder = 1;
}

def Strata_IotaOp : Strata_GraphOp<"iota"> {
  let summary = "Indices along one dimension";
  let description = [{
    Every element of the result is its own index along `dimension`
    (converted to the element type).

    ```mlir
    %i = strata.iota dim = 1 : tensor<2x3xi32>   // [[0, 1, 2], [0, 1, 2]]
    ```
  }];
  let arguments = (ins ConfinedAttr<I64Attr, [IntNonNegative]>:$dimension);
  let results = (outs Strata_Tensor:$result);
  let assemblyFormat = "`dim` `=` $dimension attr-dict `:` type($result)";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Elementwise
//===----------------------------------------------------------------------===//

def Strata_UnaryOp : Strata_ElementwiseOp<"unary", [Elementwise,
    InferTypeOpAdaptor]> {
  let summary = "Elementwise function of one tensor";
  let description = [{
    Applies `fn` to every element. Floating-point functions (`exp`, `log`,
    `tanh`, `erf`, `logistic`, `rsqrt`, ...) take float tensors; `not`,
    `popcnt` and `clz` take integers (`not` of i1 is logical negation); `abs`,
    `neg` and `sign` take either. `round_afz` rounds half away from zero and
    `round_even` half to even. `is_finite` maps floats to i1; every other
    function keeps the operand's type.

    ```mlir
    %y = strata.unary exp %x : tensor<4x8xf32>
    %f = strata.unary is_finite %x : tensor<4x8xf32>  // tensor<4x8xi1>
    ```
  }];
  let arguments = (ins Strata_UnaryFn:$fn, Strata_Tensor:$operand);
  let results = (outs Strata_Tensor:$result);
  let assemblyFormat = "$fn $operand attr-dict `:` type($operand)";
  let hasVerifier = 1;
}

def Strata_BinaryOp : Strata_ElementwiseOp<"binary", [Elementwise,
    SameOperandsAndResultType]> {
  let summary = "Elementwise function of two tensors of one type";
  let description = [{
    Applies `fn` to corresponding elements of `lhs` and `rhs`, which have the
    same type as the result (broadcasting is explicit, with
    `strata.broadcast_in_dim`). Integer `div` truncates toward zero and `rem`
    takes the sign of the dividend; float `max`/`min` propagate NaN;
    `and`, `or`, `xor` and the shifts take integers; `atan2` and `pow` take
    floats (`pow` also integers).

    ```mlir
    %z = strata.binary add %x, %y : tensor<4x8xf32>
    ```
  }];
  let arguments = (ins Strata_BinaryFn:$fn, Strata_Tensor:$lhs,
                       Strata_Tensor:$rhs);
  let results = (outs Strata_Tensor:$result);
  let assemblyFormat = "$fn $lhs `,` $rhs attr-dict `:` type($result)";
  let hasVerifier = 1;
  // `x + scatter_add(zeros, i, u)` becomes `scatter_add(x, i, u)`: the
  // gradient of a gather (a one-hot loss, an embedding lookup) then never
  // holds a zero-filled tensor beside the sum it is added to.
  let hasCanonicalizer = 1;
}

def Strata_CompareOp : Strata_ElementwiseOp<"compare", [Elementwise,
    AllTypesMatch<["lhs", "rhs"]>, InferTypeOpAdaptor]> {
  let summary = "Elementwise comparison to i1";
  let description = [{
    Compares corresponding elements; the result has the operands' shape and
    element type i1. Float comparisons are ordered: any comparison with NaN
    is false except `ne`, which is true.

    ```mlir
    %m = strata.compare lt %x, %y : tensor<4xf32>   // tensor<4xi1>
    ```
  }];
  let arguments = (ins Strata_CompareDirection:$direction,
                       Strata_Tensor:$lhs, Strata_Tensor:$rhs);
  let results = (outs Strata_PredTensor:$result);
  let assemblyFormat = "$direction $lhs `,` $rhs attr-dict `:` type($lhs)";
}

def Strata_SelectOp : Strata_ElementwiseOp<"select", [
    AllTypesMatch<["on_true", "on_false", "result"]>]> {
  let summary = "Elementwise choice between two tensors";
  let description = [{
    `result[i] = pred[i] ? on_true[i] : on_false[i]`. `pred` has the shape of
    the other operands, or is a rank-0 tensor that chooses for every element.

    ```mlir
    %r = strata.select %m, %x, %y : tensor<4xi1>, tensor<4xf32>
    ```
  }];
  let arguments = (ins Strata_PredTensor:$pred, Strata_Tensor:$on_true,
                       Strata_Tensor:$on_false);
  let results = (outs Strata_Tensor:$result);
  let assemblyFormat = [{
    $pred `,` $on_true `,` $on_false attr-dict `:` type($pred) `,` type($result)
  }];
  let hasVerifier = 1;
}

def Strata_ClampOp : Strata_ElementwiseOp<"clamp", [
    AllTypesMatch<["operand", "result"]>]> {
  let summary = "Elementwise clamp between a lower and an upper bound";
  let description = [{
    `result[i] = min(max(operand[i], min[i]), max[i])`. Each bound has the
    operand's type or is a rank-0 tensor of its element type.

    ```mlir
    %r = strata.clamp %lo, %x, %hi : tensor<f32>, tensor<8xf32>, tensor<f32>
    ```
  }];
  let arguments = (ins Strata_Tensor:$min, Strata_Tensor:$operand,
                       Strata_Tensor:$max);
  let results = (outs Strata_Tensor:$result);
  let assemblyFormat = [{
    $min `,` $operand `,` $max attr-dict `:` type($min) `,` type($operand)
    `,` type($max)
  }];
  let hasVerifier = 1;
}

def Strata_ConvertOp : Strata_ElementwiseOp<"convert", [Elementwise,
    SameOperandsAndResultShape]> {
  let summary = "Elementwise conversion of element type";
  let description = [{
    Converts every element to the result's element type: float to float
    rounds to nearest even, float to integer truncates toward zero, integer
    to float rounds to nearest, anything to i1 compares with zero.

    ```mlir
    %h = strata.convert %x : tensor<4xf32> -> tensor<4xbf16>
    ```
  }];
  let arguments = (ins Strata_Tensor:$operand);
  let results = (outs Strata_Tensor:$result);
  let assemblyFormat = "$operand attr-dict `:` type($operand) `->` type($result)";
  let hasFolder = 1;
}

def Strata_BitcastConvertOp : Strata_GraphOp<"bitcast_convert"> {
  let summary = "Reinterpret the bytes of a tensor as another element type";
  let description = [{
    The result has the operand's bytes, in row-major order, read as its own
    element type. With elements of one width the shapes are equal (f32 <->
    i32). A narrower result adds a trailing dimension of the width ratio
    (f32 -> 2 x bf16); a wider result drops the operand's trailing
    dimension, which must equal the ratio (2 x i32 -> i64).

    ```mlir
    %bits = strata.bitcast_convert %x : tensor<4xf32> -> tensor<4xi32>
    %halves = strata.bitcast_convert %x : tensor<4xf32> -> tensor<4x2xbf16>
    ```
  }];
  let arguments = (ins Strata_Tensor:$operand);
  let results = (outs Strata_Tensor:$result);
  let assemblyFormat = "$operand attr-dict `:` type($operand) `->` type($result)";
  let hasVerifier = 1;
}

def Strata_ReducePrecisionOp : Strata_ElementwiseOp<"reduce_precision", [
    SameOperandsAndResultType]> {
  let summary = "Round floats to fewer exponent and mantissa bits";
  let description = [{
    Rounds every element to the nearest value (ties to even) representable
    with `exponent_bits` exponent bits and `mantissa_bits` mantissa bits,
    keeping the element type: values beyond the smaller range become
    infinities, values below its smallest normal become zero (subnormals
    are flushed), NaN stays NaN. Emulates bf16 (8, 7) or f16 (5, 10) in f32.

    ```mlir
    %y = strata.reduce_precision %x exponent = 8 mantissa = 7 : tensor<4xf32>
    ```
  }];
  let arguments = (ins Strata_Tensor:$operand,
                       ConfinedAttr<I32Attr, [IntPositive]>:$exponent_bits,
                       ConfinedAttr<I32Attr, [IntNonNegative]>:$mantissa_bits);
  let results = (outs Strata_Tensor:$result);
  let assemblyFormat = [{
    $operand `exponent` `=` $exponent_bits `mantissa` `=` $mantissa_bits
    attr-dict `:` type($result)
  }];
  let hasVerifier = 1;
}

def Strata_RngBitGeneratorOp : Strata_GraphOp<"rng_bit_generator", [
    AllTypesMatch<["initial_state", "output_state"]>]> {
  let summary = "Random bits from an explicit generator state";
  let description = [{
    Returns a tensor of random bits and the advanced state, as a
    deterministic function of `initial_state` alone. The state is a vector
    of at least two ui64 words: a key and a counter. The bits are
    Threefry-2x32-20 of successive counters under the key; the counter
    advances by the number of 64-bit blocks drawn. (StableHLO leaves the
    bits implementation-defined, so they need not match another compiler's
    for the same state.) The output has an unsigned element type of 8, 32
    or 64 bits.

    ```mlir
    %state2, %bits = strata.rng_bit_generator %state
                     : tensor<2xui64> -> tensor<4x4xui32>
    ```
  }];
  let arguments = (ins Strata_Tensor:$initial_state);
  let results = (outs Strata_Tensor:$output_state, Strata_Tensor:$output);
  let assemblyFormat = [{
    $initial_state attr-dict `:` type($initial_state) `->` type($output)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Contractions
//===----------------------------------------------------------------------===//

def Strata_DotOp : Strata_GraphOp<"dot"> {
  let summary = "General contraction (dot_general) with batch dimensions";
  let description = [{
    Contracts `lhs` and `rhs` over the paired `contracting` dimensions,
    independently for each index of the paired `batching` dimensions. The
    result's dimensions are the batching dimensions (in `lhs` order), then the
    remaining `lhs` dimensions, then the remaining `rhs` dimensions. The
    result's element type may be wider than the operands' (e.g. bf16 products
    accumulated in f32). Cost: 2 * batch * M * N * K operations on the
    matrix units.

    ```mlir
    // A batched matrix product [b, m, k] x [b, k, n] -> [b, m, n].
    %c = strata.dot %a, %b, batching_dims = [0] x [0],
           contracting_dims = [2] x [1]
         : (tensor<8x64x32xf32>, tensor<8x32x16xf32>) -> tensor<8x64x16xf32>
    ```
  }];
  let arguments = (ins Strata_Tensor:$lhs, Strata_Tensor:$rhs,
                       DenseI64ArrayAttr:$lhs_batching_dimensions,
                       DenseI64ArrayAttr:$rhs_batching_dimensions,
                       DenseI64ArrayAttr:$lhs_contracting_dimensions,
                       DenseI64ArrayAttr:$rhs_contracting_dimensions);
  let results = (outs Strata_Tensor:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs `,` `batching_dims` `=` $lhs_batching_dimensions `x`
    $rhs_batching_dimensions `,` `contracting_dims` `=`
    $lhs_contracting_dimensions `x` $rhs_contracting_dimensions attr-dict
    `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// The result shape that the operands and dimension numbers determine.
    static ::mlir::FailureOr<::llvm::SmallVector<int64_t>> inferResultShape(
        ::llvm::ArrayRef<int64_t> lhsShape, ::llvm::ArrayRef<int64_t> rhsShape,
        ::llvm::ArrayRef<int64_t> lhsBatching,
        ::llvm::ArrayRef<int64_t> rhsBatching,
        ::llvm::ArrayRef<int64_t> lhsContracting,
        ::llvm::ArrayRef<int64_t> rhsContracting,
        ::llvm::function_ref<::mlir::InFlightDiagnostic()> emitError);
  }];
}

def Strata_ConvolutionOp : Strata_GraphOp<"convolution"> {
  let summary = "N-d convolution with strides, padding, dilation and groups";
  let description = [{
    StableHLO's convolution. The layout of each operand is given as a list of
    dimension positions: `input_dims = [batch, feature, spatial...]`,
    `kernel_dims = [output_feature, input_feature, spatial...]`,
    `output_dims = [batch, feature, spatial...]`. `window_strides`,
    `lhs_dilation` and `rhs_dilation` have one entry per spatial dimension
    and `padding` two (low, high) per spatial dimension; padding may be
    negative. The input's feature dimension is split into
    `feature_group_count` groups, the kernel's input feature dimension is
    the group size, and its output feature dimension is divisible by the
    group count (depthwise convolution: groups = features).
    `batch_group_count` splits the batch the same way (it appears in
    gradients of grouped convolutions).

    ```mlir
    // NCHW input, OIHW kernel, 3x3 window, stride 1, padding 1.
    %y = strata.convolution %x, %w {input_dims = array<i64: 0, 1, 2, 3>,
           kernel_dims = array<i64: 0, 1, 2, 3>,
           output_dims = array<i64: 0, 1, 2, 3>,
           window_strides = array<i64: 1, 1>,
           padding = array<i64: 1, 1, 1, 1>,
           lhs_dilation = array<i64: 1, 1>, rhs_dilation = array<i64: 1, 1>,
           feature_group_count = 1 : i64, batch_group_count = 1 : i64}
         : (tensor<2x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<2x4x8x8xf32>
    ```
  }];
  let arguments = (ins Strata_Tensor:$lhs, Strata_Tensor:$rhs,
                       DenseI64ArrayAttr:$input_dims,
                       DenseI64ArrayAttr:$kernel_dims,
                       DenseI64ArrayAttr:$output_dims,
                       DenseI64ArrayAttr:$window_strides,
                       DenseI64ArrayAttr:$padding,
                       DenseI64ArrayAttr:$lhs_dilation,
                       DenseI64ArrayAttr:$rhs_dilation,
                       ConfinedAttr<I64Attr, [IntPositive]>:$feature_group_count,
                       ConfinedAttr<I64Attr, [IntPositive]>:$batch_group_count);
  let results = (outs Strata_Tensor:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Reductions and normalizations
//===----------------------------------------------------------------------===//

def Strata_ReduceOp : Strata_GraphOp<"reduce", [InferTypeOpAdaptor]> {
  let summary = "Reduction over a set of dimensions";
  let description = [{
    Combines all elements along `dimensions` with `fn`, starting from its
    identity (0 for add, 1 for mul, -inf or the smallest integer for max,
    +inf or the largest integer for min, true for and, false for or). The
    reduced dimensions are removed from the result. Cost: one operation per
    input element.

    ```mlir
    %s = strata.reduce add %x dims = [1] : tensor<4x8xf32> -> tensor<4xf32>
    ```
  }];
  let arguments = (ins Strata_ReduceFn:$fn, Strata_Tensor:$operand,
                       DenseI64ArrayAttr:$dimensions);
  let results = (outs Strata_Tensor:$result);
  let assemblyFormat = [{
    $fn $operand `dims` `=` $dimensions attr-dict `:` type($operand) `->`
    type($result)
  }];  let hasVerifier = 1;
}

def Strata_ReduceWindowOp : Strata_GraphOp<"reduce_window", [InferTypeOpAdaptor]> {
  let summary = "Reduction over sliding windows (pooling)";
  let description = [{
    StableHLO's reduce_window with a single combiner: every result element
    combines, with `fn`, the operand elements under one window. The window
    has `window_dimensions` elements per dimension (spread by
    `window_dilations`), moves by `window_strides`, over the operand dilated
    by `base_dilations` and padded by `padding` (low, high per dimension)
    with `fn`'s identity, which is also the initial value. Result size per
    dimension: floor((padded - dilated window) / stride) + 1, or 0 when the
    window does not fit. Cost: one operation per window element.

    ```mlir
    // 3x3 max pooling with stride 2 over NCHW.
    %p = strata.reduce_window max %x {window_dimensions = array<i64: 1, 1, 3, 3>,
           window_strides = array<i64: 1, 1, 2, 2>,
           base_dilations = array<i64: 1, 1, 1, 1>,
           window_dilations = array<i64: 1, 1, 1, 1>,
           padding = array<i64: 0, 0, 0, 0, 1, 1, 1, 1>}
         : tensor<2x8x16x16xf32> -> tensor<2x8x8x8xf32>
    ```
  }];
  let arguments = (ins Strata_ReduceFn:$fn, Strata_Tensor:$operand,
                       DenseI64ArrayAttr:$window_dimensions,
                       DenseI64ArrayAttr:$window_strides,
                       DenseI64ArrayAttr:$base_dilations,
                       DenseI64ArrayAttr:$window_dilations,
                       DenseI64ArrayAttr:$padding);
  let results = (outs Strata_Tensor:$result);
  let assemblyFormat = [{
    $fn $operand attr-dict `:` type($operand) `->` type($result)
  }];
  let hasVerifier = 1;
}

def Strata_SortOp : Strata_GraphOp<"sort", [InferTypeOpAdaptor]> {
  let summary = "Stable sort of slices by the first operand";
  let description = [{
    Sorts every slice along `dimension`: the first operand's slice is put in
    ascending order (descending with `descending`), stably, and every other
    operand is permuted the same way (an argsort passes the indices as a
    second operand). NaN sorts after every number, before them when
    descending. Cost: n log2 n comparisons per slice of length n.

    ```mlir
    %v, %i = strata.sort %x, %ids dim = 1 descending
             : tensor<4x8xf32>, tensor<4x8xi32>
    ```
  }];
  let arguments = (ins Variadic<Strata_Tensor>:$inputs,
                       ConfinedAttr<I64Attr, [IntNonNegative]>:$dimension,
                       UnitAttr:$descending);
  let results = (outs Variadic<Strata_Tensor>:$results);
  let assemblyFormat = [{
    $inputs `dim` `=` $dimension (`descending` $descending^)? attr-dict `:`
    type($inputs)
  }];
  let hasVerifier = 1;
}

def Strata_SoftmaxOp : Strata_GraphOp<"softmax", [SameOperandsAndResultType]> {
  let summary = "Softmax along one dimension";
  let description = [{
    `exp(x - max(x)) / sum(exp(x - max(x)))` along `dimension`, computed in a
    numerically stable way. Float tensors only.

    ```mlir
    %p = strata.softmax %logits dim = 1 : tensor<8x256xf32>
    ```
  }];
  let arguments = (ins Strata_Tensor:$operand,
                       ConfinedAttr<I64Attr, [IntNonNegative]>:$dimension);
  let results = (outs Strata_Tensor:$result);
  let assemblyFormat = "$operand `dim` `=` $dimension attr-dict `:` type($result)";
  let hasVerifier = 1;
}

def Strata_LayerNormOp : Strata_GraphOp<"layer_norm", [
    AllTypesMatch<["operand", "result"]>, AllTypesMatch<["scale", "bias"]>]> {
  let summary = "Layer normalization over the trailing dimensions";
  let description = [{
    Normalizes `operand` over dimensions `axis` to rank-1 to zero mean and
    unit variance (`(x - mean) / sqrt(var + epsilon)`, biased variance), then
    scales and shifts by `scale` and `bias`, whose shape is those trailing
    dimensions. Float tensors only.

    ```mlir
    %y = strata.layer_norm %x, %gamma, %beta axis = 2 epsilon = 1.0e-05
         : tensor<2x64x768xf32>, tensor<768xf32>
    ```
  }];
  let arguments = (ins Strata_Tensor:$operand, Strata_Tensor:$scale,
                       Strata_Tensor:$bias,
                       ConfinedAttr<I64Attr, [IntNonNegative]>:$axis,
                       F64Attr:$epsilon);
  let results = (outs Strata_Tensor:$result);
  let assemblyFormat = [{
    $operand `,` $scale `,` $bias `axis` `=` $axis `epsilon` `=` $epsilon
    attr-dict `:` type($operand) `,` type($scale)
  }];
  let hasVerifier = 1;
}

def Strata_RmsNormOp : Strata_GraphOp<"rms_norm", [
    AllTypesMatch<["operand", "result"]>]> {
  let summary = "Root-mean-square normalization over the trailing dimensions";
  let description = [{
    `x / sqrt(mean(x^2) + epsilon) * scale` over dimensions `axis` to rank-1;
    `scale` has the shape of those trailing dimensions. Float tensors only.

    ```mlir
    %y = strata.rms_norm %x, %gamma axis = 1 epsilon = 1.0e-06
         : tensor<16x512xf32>, tensor<512xf32>
    ```
  }];
  let arguments = (ins Strata_Tensor:$operand, Strata_Tensor:$scale,
                       ConfinedAttr<I64Attr, [IntNonNegative]>:$axis,
                       F64Attr:$epsilon);
  let results = (outs Strata_Tensor:$result);
  let assemblyFormat = [{
    $operand `,` $scale `axis` `=` $axis `epsilon` `=` $epsilon attr-dict
    `:` type($operand) `,` type($scale)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

def Strata_ReshapeOp : Strata_GraphOp<"reshape"> {
  let summary = "Same elements in row-major order, another shape";
  let description = [{
    The element count must not change. A reshape moves no bytes: a buffer
    can be viewed with the new shape.

    ```mlir
    %y = strata.reshape %x : tensor<4x8xf32> -> tensor<32xf32>
    ```
  }];
  let arguments = (ins Strata_Tensor:$operand);
  let results = (outs Strata_Tensor:$result);
  let assemblyFormat = "$operand attr-dict `:` type($operand) `->` type($result)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Strata_TransposeOp : Strata_GraphOp<"transpose", [InferTypeOpAdaptor]> {
  let summary = "Permutation of dimensions";
  let description = [{
    Result dimension `i` is operand dimension `permutation[i]`.

    ```mlir
    %y = strata.transpose %x perm = [1, 0] : tensor<4x8xf32> -> tensor<8x4xf32>
    ```
  }];
  let arguments = (ins Strata_Tensor:$operand,
                       DenseI64ArrayAttr:$permutation);
  let results = (outs Strata_Tensor:$result);
  let assemblyFormat = [{
    $operand `perm` `=` $permutation attr-dict `:` type($operand) `->`
    type($result)
  }];
  let hasFolder = 1;
}

def Strata_BroadcastInDimOp : Strata_GraphOp<"broadcast_in_dim"> {
  let summary = "Broadcast to a larger shape";
  let description = [{
    Operand dimension `i` becomes result dimension `dimensions[i]`
    (strictly increasing) and must have that dimension's size or size 1;
    every other result dimension repeats the operand.

    ```mlir
    %y = strata.broadcast_in_dim %b dims = [1] : tensor<8xf32> -> tensor<4x8xf32>
    ```
  }];
  let arguments = (ins Strata_Tensor:$operand,
                       DenseI64ArrayAttr:$dimensions);
  let results = (outs Strata_Tensor:$result);
  let assemblyFormat = [{
    $operand `dims` `=` $dimensions attr-dict `:` type($operand) `->`
    type($result)
  }];
  let hasVerifier = 1;
}

def Strata_SliceOp : Strata_GraphOp<"slice", [InferTypeOpAdaptor]> {
  let summary = "Static strided slice";
  let description = [{
    Takes, in each dimension `d`, the elements `start[d]`, `start[d] +
    strides[d]`, ... below `limit[d]`.

    ```mlir
    %y = strata.slice %x start = [0, 2] limit = [4, 8] strides = [1, 2]
         : tensor<4x8xf32> -> tensor<4x3xf32>
    ```
  }];
  let arguments = (ins Strata_Tensor:$operand,
                       DenseI64ArrayAttr:$start_indices,
                       DenseI64ArrayAttr:$limit_indices,
                       DenseI64ArrayAttr:$strides);
  let results = (outs Strata_Tensor:$result);
  let assemblyFormat = [{
    $operand `start` `=` $start_indices `limit` `=` $limit_indices
    `strides` `=` $strides attr-dict `:` type($operand) `->` type($result)
  }];
}

def Strata_ConcatenateOp : Strata_GraphOp<"concatenate", [InferTypeOpAdaptor]> {
  let summary = "Join tensors along one dimension";
  let description = [{
    All operands have the same element type and the same sizes in every
    dimension but `dimension`, along which they are joined in order.

    ```mlir
    %y = strata.concatenate %a, %b dim = 0
         : (tensor<2x8xf32>, tensor<3x8xf32>) -> tensor<5x8xf32>
    ```
  }];
  let arguments = (ins Variadic<Strata_Tensor>:$inputs,
                       ConfinedAttr<I64Attr, [IntNonNegative]>:$dimension);
  let results = (outs Strata_Tensor:$result);
  let assemblyFormat = [{
    $inputs `dim` `=` $dimension attr-dict `:` functional-type($inputs, results)
  }];
}

def Strata_PadOp : Strata_GraphOp<"pad", [InferTypeOpAdaptor]> {
  let summary = "Edge and interior padding with a scalar value";
  let description = [{
    Adds `low[d]` elements before, `high[d]` after and `interior[d]` between
    consecutive elements of dimension `d`, all set to `padding_value` (a
    rank-0 tensor of the operand's element type). Negative `low`/`high`
    remove elements instead.

    ```mlir
    %y = strata.pad %x, %zero low = [1] high = [2] interior = [1]
         : tensor<3xf32>, tensor<f32> -> tensor<8xf32>
    ```
  }];
  let arguments = (ins Strata_Tensor:$operand, Strata_Tensor:$padding_value,
                       DenseI64ArrayAttr:$edge_padding_low,
                       DenseI64ArrayAttr:$edge_padding_high,
                       DenseI64ArrayAttr:$interior_padding);
  let results = (outs Strata_Tensor:$result);
  let assemblyFormat = [{
    $operand `,` $padding_value `low` `=` $edge_padding_low `high` `=`
    $edge_padding_high `interior` `=` $interior_padding attr-dict
    `:` type($operand) `,` type($padding_value) `->` type($result)
  }];
  // A pad of a pad with the same value and no interior padding is one pad.
  let hasCanonicalizer = 1;
}

def Strata_DynamicSliceOp : Strata_GraphOp<"dynamic_slice", [
    InferTypeOpAdaptor]> {
  let summary = "Slice of static size at run-time offsets";
  let description = [{
    Takes the `slice_sizes` block of `operand` that starts at the offsets in
    `start_indices` (one rank-0 integer tensor per dimension), each clamped
    to [0, size - slice size] so that the block fits.

    ```mlir
    %s = strata.dynamic_slice %x [%i, %j] sizes = [2, 4]
         : (tensor<8x16xf32>, tensor<i32>, tensor<i32>) -> tensor<2x4xf32>
    ```
  }];
  let arguments = (ins Strata_Tensor:$operand,
                       Variadic<Strata_IndexTensor>:$start_indices,
                       DenseI64ArrayAttr:$slice_sizes);
  let results = (outs Strata_Tensor:$result);
  let assemblyFormat = [{
    $operand `[` $start_indices `]` `sizes` `=` $slice_sizes attr-dict `:`
    functional-type(operands, results)
  }];  let hasVerifier = 1;
}

def Strata_DynamicUpdateSliceOp : Strata_GraphOp<"dynamic_update_slice", [
    AllTypesMatch<["operand", "result"]>]> {
  let summary = "Operand with a block overwritten at run-time offsets";
  let description = [{
    The result is `operand` with `update` written at the offsets in
    `start_indices` (one rank-0 integer tensor per dimension), each clamped
    so that the update fits.

    ```mlir
    %r = strata.dynamic_update_slice %x, %u [%i, %j]
         : (tensor<8x16xf32>, tensor<2x4xf32>, tensor<i32>, tensor<i32>) -> tensor<8x16xf32>
    ```
  }];
  let arguments = (ins Strata_Tensor:$operand, Strata_Tensor:$update,
                       Variadic<Strata_IndexTensor>:$start_indices);
  let results = (outs Strata_Tensor:$result);
  let assemblyFormat = [{
    $operand `,` $update `[` $start_indices `]` attr-dict `:`
    functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def Strata_GatherOp : Strata_GraphOp<"gather", [InferTypeOpAdaptor]> {
  let summary = "Gather slices at computed indices (StableHLO gather)";
  let description = [{
    StableHLO's gather: for every index vector in `start_indices` (along
    `index_vector_dim`), takes a slice of size `slice_sizes` starting at the
    operand position that `start_index_map` maps it to (clamped so that the
    slice fits). `collapsed_slice_dims` (of size 1) and
    `operand_batching_dims` are dropped from each slice; the slice's other
    dimensions appear in the result at `offset_dims`, the batch dimensions of
    `start_indices` fill the rest. An embedding lookup:

    ```mlir
    %rows = strata.gather %table, %ids {offset_dims = array<i64: 1>,
              collapsed_slice_dims = array<i64: 0>,
              operand_batching_dims = array<i64>,
              start_indices_batching_dims = array<i64>,
              start_index_map = array<i64: 0>, index_vector_dim = 1 : i64,
              slice_sizes = array<i64: 1, 64>}
            : (tensor<256x64xf32>, tensor<16x1xi32>) -> tensor<16x64xf32>
    ```
  }];
  let arguments = (ins Strata_Tensor:$operand, Strata_IndexTensor:$start_indices,
                       DenseI64ArrayAttr:$offset_dims,
                       DenseI64ArrayAttr:$collapsed_slice_dims,
                       DenseI64ArrayAttr:$operand_batching_dims,
                       DenseI64ArrayAttr:$start_indices_batching_dims,
                       DenseI64ArrayAttr:$start_index_map,
                       ConfinedAttr<I64Attr, [IntNonNegative]>:$index_vector_dim,
                       DenseI64ArrayAttr:$slice_sizes,
                       DefaultValuedAttr<BoolAttr, "false">:$indices_are_sorted);
  let results = (outs Strata_Tensor:$result);
  let assemblyFormat = [{
    $operand `,` $start_indices attr-dict `:` functional-type(operands, results)
  }];
}

def Strata_ScatterOp : Strata_GraphOp<"scatter"> {
  let summary = "Scatter slices at computed indices (StableHLO scatter)";
  let description = [{
    StableHLO's scatter with a single operand: the result is `input` with
    each window of `updates` combined into the position that its index
    vector in `scatter_indices` selects (windows that would fall outside
    `input` are skipped). `combiner` is the binary function that combines an
    existing element with an update (`add` for gradients of gathers); when
    absent, updates replace elements. The dimension attributes mean what
    StableHLO's do. Canonicalization turns a scatter that lands one update
    per row of one dimension (a one-hot gradient) into elementwise select
    and add, which fuse.

    ```mlir
    %g = strata.scatter %zeros, %ids, %grads {combiner = 0 : i32,
           update_window_dims = array<i64: 1>,
           inserted_window_dims = array<i64: 0>,
           input_batching_dims = array<i64>,
           scatter_indices_batching_dims = array<i64>,
           scatter_dims_to_operand_dims = array<i64: 0>,
           index_vector_dim = 1 : i64}
         : (tensor<256x64xf32>, tensor<16x1xi32>, tensor<16x64xf32>)
           -> tensor<256x64xf32>
    ```
  }];
  let arguments = (ins Strata_Tensor:$input, Strata_IndexTensor:$scatter_indices,
                       Strata_Tensor:$updates,
                       OptionalAttr<Strata_BinaryFn>:$combiner,
                       DenseI64ArrayAttr:$update_window_dims,
                       DenseI64ArrayAttr:$inserted_window_dims,
                       DenseI64ArrayAttr:$input_batching_dims,
                       DenseI64ArrayAttr:$scatter_indices_batching_dims,
                       DenseI64ArrayAttr:$scatter_dims_to_operand_dims,
                       ConfinedAttr<I64Attr, [IntNonNegative]>:$index_vector_dim,
                       DefaultValuedAttr<BoolAttr, "false">:$indices_are_sorted,
                       DefaultValuedAttr<BoolAttr, "false">:$unique_indices);
  let results = (outs Strata_Tensor:$result);
  let assemblyFormat = [{
    $input `,` $scatter_indices `,` $updates attr-dict `:`
    functional-type(operands, results)
  }];
  let hasVerifier = 1;
  let hasCanonicalizer = 1;
}

//===----------------------------------------------------------------------===//
// Fusion
//===----------------------------------------------------------------------===//

def Strata_FusionOp : Strata_Op<"fusion", [IsolatedFromAbove,
    SingleBlockImplicitTerminator<"::mlir::strata::YieldOp">,
    RecursiveMemoryEffects,
    DeclareOpInterfaceMethods<Strata_CostOpInterface, ["getCost"]>]> {
  let summary = "Graph ops that run as one kernel";
  let description = [{
    A group of graph ops that `--strata-fuse` found can run as one kernel:
    the values inside the body never reach memory, so the memory planner
    sees the group as one node that reads `inputs` and writes its results.
    Its cost is the sum of its members' arithmetic with the bytes of its
    inputs and results only. The body is isolated from above, like a
    recompute body, so the group can be cloned, lowered or recomputed on its
    own.

    ```mlir
    %y = strata.fusion (%x, %b) : (tensor<8x16xf32>, tensor<16xf32>)
                                 -> tensor<8x16xf32> {
    ^bb0(%a: tensor<8x16xf32>, %c: tensor<16xf32>):
      %cb = strata.broadcast_in_dim %c dims = [1]
            : tensor<16xf32> -> tensor<8x16xf32>
      %s = strata.binary add %a, %cb : tensor<8x16xf32>
      %r = strata.unary tanh %s : tensor<8x16xf32>
      strata.yield %r : tensor<8x16xf32>
    }
    ```
  }];
  let arguments = (ins Variadic<Strata_Tensor>:$inputs);
  let results = (outs Variadic<Strata_Tensor>:$results);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = [{
    `(` $inputs `)` attr-dict `:` functional-type($inputs, $results) $body
  }];
  let hasRegionVerifier = 1;
  let skipDefaultBuilders = 1;
  let builders = [
    OpBuilder<(ins "::mlir::TypeRange":$resultTypes,
                   "::mlir::ValueRange":$inputs)>
  ];
}

#endif // STRATA_GRAPH_OPS_TD
