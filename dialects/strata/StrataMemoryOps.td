//===- StrataMemoryOps.td - What the memory planner decided -*- tablegen -*-===//
//
// These ops make a memory plan ordinary IR: it can be printed, edited by
// hand, checked with FileCheck, verified by --strata-verify-plan and
// executed by the runtime. Ops that move bytes or end lifetimes have memory
// effects, so that no cleanup pass drops or reorders them.

#ifndef STRATA_MEMORY_OPS_TD
#define STRATA_MEMORY_OPS_TD

include "dialects/strata/StrataBase.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/Interfaces/ControlFlowInterfaces.td"
include "mlir/IR/OpAsmInterface.td"

def Strata_OffloadOp : Strata_Op<"offload", [InferTypeOpAdaptor,
    MemoryEffects<[MemRead, MemWrite]>,
    DeclareOpInterfaceMethods<OpAsmOpInterface, ["getAsmResultNames"]>]> {
  let summary = "Start copying an HBM tensor to a slower tier";
  let description = [{
    Starts an asynchronous copy of `operand` to `tier` on a copy stream and
    returns the copy (a tensor whose encoding is the tier) and a token that
    completes when the copy has landed. The HBM tensor may be freed only
    after a `strata.wait` on the token; the copy may be prefetched only after
    it too.

    ```mlir
    %host, %done = strata.offload %x to <host> : tensor<1024xf32>
    ```
  }];
  let arguments = (ins Strata_Tensor:$operand, Strata_TierAttr:$tier);
  let results = (outs Strata_TieredTensor:$result, Strata_TokenType:$done);
  let assemblyFormat = "$operand `to` $tier attr-dict `:` type($operand)";
  let hasVerifier = 1;
}

def Strata_PrefetchOp : Strata_Op<"prefetch", [InferTypeOpAdaptor,
    MemoryEffects<[MemRead, MemWrite]>,
    DeclareOpInterfaceMethods<OpAsmOpInterface, ["getAsmResultNames"]>]> {
  let summary = "Start copying a tensor from a slower tier back to HBM";
  let description = [{
    Starts an asynchronous copy of an offloaded tensor back into HBM and
    returns the HBM tensor and a token. The result may be used only after a
    `strata.wait` on the token (the plan verifier checks this).

    ```mlir
    %x2, %ready = strata.prefetch %host : tensor<1024xf32, #strata.tier<host>>
    strata.wait %ready
    ```
  }];
  let arguments = (ins Strata_TieredTensor:$operand);
  let results = (outs Strata_Tensor:$result, Strata_TokenType:$done);
  let assemblyFormat = "$operand attr-dict `:` type($operand)";
}

def Strata_WaitOp : Strata_Op<"wait", [MemoryEffects<[MemRead, MemWrite]>]> {
  let summary = "Order the compute stream after asynchronous work";
  let description = [{
    Everything after this op on the compute stream starts only once the work
    behind each token has completed.

    ```mlir
    strata.wait %done, %ready
    ```
  }];
  let arguments = (ins Variadic<Strata_TokenType>:$tokens);
  let assemblyFormat = "$tokens attr-dict";
  let hasVerifier = 1;
}

def Strata_FreeOp : Strata_Op<"free", [MemoryEffects<[MemFree]>]> {
  let summary = "End the lifetime of a tensor's buffer";
  let description = [{
    After this op the tensor's bytes may be reused; any later use of the
    value (other than by a recompute that reproduces it) is an error that the
    plan verifier and the runtime report.

    ```mlir
    strata.free %x : tensor<1024xf32>
    ```
  }];
  let arguments = (ins AnyRankedTensor:$operand);
  let assemblyFormat = "$operand attr-dict `:` type($operand)";
}

def Strata_RecomputeOp : Strata_Op<"recompute", [IsolatedFromAbove,
    SingleBlockImplicitTerminator<"::mlir::strata::YieldOp">,
    RecursiveMemoryEffects]> {
  let summary = "Recompute values from retained tensors";
  let description = [{
    Runs its body, a clone of the producer chain of tensors that the plan
    chose to free and recompute, on `inputs` (tensors kept in HBM) and
    returns what its `strata.yield` yields. The body is isolated from above:
    everything it reads comes in through `inputs`, so what a recomputation
    needs alive is explicit.

    ```mlir
    %h = strata.recompute (%x, %w) : (tensor<8x16xf32>, tensor<16x16xf32>)
                                    -> tensor<8x16xf32> {
    ^bb0(%a: tensor<8x16xf32>, %b: tensor<16x16xf32>):
      %p = strata.dot %a, %b, batching_dims = [] x [],
             contracting_dims = [1] x [0]
           : (tensor<8x16xf32>, tensor<16x16xf32>) -> tensor<8x16xf32>
      strata.yield %p : tensor<8x16xf32>
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

def Strata_YieldOp : Strata_Op<"yield", [Pure, Terminator,
    ParentOneOf<["::mlir::strata::RecomputeOp", "::mlir::strata::FusionOp"]>, ReturnLike]> {
  let summary = "Values a recompute region returns";
  let description = [{
    Terminates the body of `strata.recompute` or `strata.fusion`; its
    operands become the parent's results, in order and with the same types.
  }];
  let arguments = (ins Variadic<Strata_Tensor>:$values);
  let assemblyFormat = "($values^ `:` type($values))? attr-dict";
  let builders = [OpBuilder<(ins), [{ /* nothing yielded */ }]>];
}

def Strata_AllocOp : Strata_Op<"alloc", [MemoryEffects<[MemAlloc]>]> {
  let summary = "An uninitialized tensor at a fixed offset of a tier's arena";
  let description = [{
    Produces a tensor whose storage is the bytes `[offset, offset + size)` of
    the arena of `tier`, where `size` is the tensor's size in bytes. The
    static allocator places buffers this way; the verifier checks that no
    two buffers live at the same time overlap. `offset` is a multiple of
    `alignment` (256 bytes by default, what GPU libraries expect).

    ```mlir
    %buf = strata.alloc <hbm> offset = 4096 : tensor<1024xf32>
    ```
  }];
  let arguments = (ins Strata_TierAttr:$tier,
                       ConfinedAttr<I64Attr, [IntNonNegative]>:$offset,
                       DefaultValuedAttr<ConfinedAttr<I64Attr, [IntPositive]>,
                                         "256">:$alignment);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = "$tier `offset` `=` $offset attr-dict `:` type($result)";
  let hasVerifier = 1;
}

#endif // STRATA_MEMORY_OPS_TD
