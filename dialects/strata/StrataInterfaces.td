//===- StrataInterfaces.td - Cost and gradient interfaces ---*- tablegen -*-===//

#ifndef STRATA_INTERFACES_TD
#define STRATA_INTERFACES_TD

include "mlir/IR/OpBase.td"

def Strata_CostOpInterface : OpInterface<"CostOpInterface"> {
  let cppNamespace = "::mlir::strata";
  let description = [{
    The work an op does, derived from the shapes and element types of its
    operands and results alone: floating-point (or integer) operations, bytes
    read from and written to memory, and which kind of unit does the
    arithmetic. The cost model (`passes/CostModel.h`) turns this into time on
    a machine; the planner and the fusion pass use it instead of switching on
    op names.

    The default implementation fits an elementwise op: one operation per
    result element, every operand read once, every result written once.
    Bytes count whole tensors as they would be read from and written to
    memory by an unfused kernel.
  }];
  let methods = [
    InterfaceMethod<[{
        Returns the cost of one execution of this op.
      }],
      "::mlir::strata::OpCost", "getCost", (ins), [{}],
      [{ return ::mlir::strata::elementwiseCost($_op); }]>,
  ];
}

def Strata_GradientOpInterface : OpInterface<"GradientOpInterface"> {
  let cppNamespace = "::mlir::strata";
  let description = [{
    The op's vector-Jacobian product expressed in strata graph ops: given the
    gradients of the loss with respect to the op's results, build the
    gradients with respect to its operands. The autodiff pass that derives a
    training step from a forward function is built on it; an op that does not
    implement it cannot be differentiated through, and the pass says so.
  }];
  let methods = [
    InterfaceMethod<[{
        Builds, at the builder's insertion point, one gradient per operand of
        this op from `resultGradients` (one per result, in order; a null value
        means that result does not influence the loss). The returned vector
        holds a null value for an operand that is not differentiable (e.g. an
        integer index). Fails, with a diagnostic on the op, when the
        derivative is not defined for the op's configuration.
      }],
      "::mlir::FailureOr<::llvm::SmallVector<::mlir::Value>>", "buildGradient",
      (ins "::mlir::OpBuilder &":$builder,
           "::mlir::ValueRange":$resultGradients)>,
  ];
}

#endif // STRATA_INTERFACES_TD
