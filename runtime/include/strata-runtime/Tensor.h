//===- Tensor.h - Host tensors of the Strata runtime ------------*- C++ -*-===//
//
// HostTensor is the value the CPU kernels consume and produce: an element
// type, a row-major shape and an owned, 64-byte aligned buffer. It has value
// semantics (copies are deep) like the tensors of the graph IR it executes.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_RUNTIME_TENSOR_H
#define STRATA_RUNTIME_TENSOR_H

#include "strata-runtime/DType.h"
#include "strata-runtime/Status.h"

#include <cassert>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

namespace strata::rt {

using Shape = std::vector<int64_t>;

/// "[2,3]" or "[]" for a scalar.
std::string formatShape(const Shape &shape);

/// Product of the dimensions, or an error if one is negative or the product
/// overflows int64 (both are corrupt inputs, not programming errors).
StatusOr<int64_t> checkedElementCount(const Shape &shape);

/// Row-major strides in elements.
std::vector<int64_t> rowMajorStrides(const Shape &shape);

class HostTensor {
public:
  /// Alignment of every buffer: enough for any SIMD load of the host.
  static constexpr size_t kAlignment = 64;

  /// An empty f32 tensor of shape [0]; exists so containers can hold tensors.
  HostTensor();

  /// A zero-filled tensor; fails on negative dimensions or overflowing sizes.
  static StatusOr<HostTensor> create(DType dtype, Shape shape);

  /// A tensor holding `values` in row-major order; fails if the count does
  /// not match the shape.
  template <typename T>
  static StatusOr<HostTensor> fromVector(Shape shape,
                                         const std::vector<T> &values) {
    StatusOr<HostTensor> tensor = create(dtypeOf<T>(), std::move(shape));
    if (!tensor.ok())
      return tensor.status();
    if (static_cast<int64_t>(values.size()) != tensor->numElements())
      return makeError("HostTensor::fromVector: ", values.size(),
                       " values for shape ", formatShape(tensor->shape()));
    if (!values.empty())
      std::memcpy(tensor->rawData(), values.data(), values.size() * sizeof(T));
    return tensor;
  }

  /// A rank-0 tensor holding `value`.
  template <typename T> static HostTensor scalar(T value) {
    HostTensor tensor = createUnchecked(dtypeOf<T>(), {});
    *tensor.data<T>() = value;
    return tensor;
  }

  HostTensor(const HostTensor &other);
  HostTensor &operator=(const HostTensor &other);
  /// A moved-from tensor is left as an empty f32[0].
  HostTensor(HostTensor &&other) noexcept;
  HostTensor &operator=(HostTensor &&other) noexcept;
  ~HostTensor() = default;

  DType dtype() const { return elementType; }
  const Shape &shape() const { return dims; }
  int64_t rank() const { return static_cast<int64_t>(dims.size()); }
  int64_t dim(int64_t axis) const { return dims[static_cast<size_t>(axis)]; }
  int64_t numElements() const { return elementCount; }
  size_t sizeInBytes() const {
    return static_cast<size_t>(elementCount) * dtypeByteSize(elementType);
  }

  std::byte *rawData() { return buffer.get(); }
  const std::byte *rawData() const { return buffer.get(); }

  /// Typed view of the buffer. Precondition: T is the storage type of dtype()
  /// (checked by assert: a mismatch is a programming error, not bad input).
  template <typename T> T *data() {
    assert(dtypeOf<T>() == elementType && "HostTensor::data<T>: wrong T");
    return reinterpret_cast<T *>(buffer.get());
  }
  template <typename T> const T *data() const {
    assert(dtypeOf<T>() == elementType && "HostTensor::data<T>: wrong T");
    return reinterpret_cast<const T *>(buffer.get());
  }

  /// Row-major offset of a multi-index; precondition: in bounds.
  int64_t flatIndex(const std::vector<int64_t> &index) const;

  /// Element at a multi-index; preconditions as for data<T>() and flatIndex.
  template <typename T> T at(const std::vector<int64_t> &index) const {
    return data<T>()[flatIndex(index)];
  }

  /// All elements in row-major order; precondition as for data<T>().
  template <typename T> std::vector<T> toVector() const {
    const T *begin = data<T>();
    return std::vector<T>(begin, begin + elementCount);
  }

  /// The element at a flat offset converted to double, whatever the dtype.
  /// Meant for tests and diagnostics, not inner loops.
  double getAsDouble(int64_t flat) const;
  /// Stores `value` at a flat offset with convert's rules for the dtype.
  void setFromDouble(int64_t flat, double value);

  /// Same buffer contents viewed with another shape of equal element count.
  StatusOr<HostTensor> reshaped(Shape newShape) const;

  /// "f32[2,3]".
  std::string describe() const;

  /// Byte-for-byte equality of dtype, shape and contents.
  bool bitwiseEquals(const HostTensor &other) const;

private:
  struct AlignedFree {
    void operator()(std::byte *ptr) const;
  };

  /// For shapes already validated (or statically small).
  static HostTensor createUnchecked(DType dtype, Shape shape);

  DType elementType = DType::f32;
  Shape dims{0};
  int64_t elementCount = 0;
  std::unique_ptr<std::byte[], AlignedFree> buffer;
};

/// ||out - ref|| / ||ref|| over the elements (equal counts), in double;
/// for a zero reference, the absolute error. NaNs and infinities must match
/// exactly (the error is infinite otherwise) and stay out of the norms.
double relativeError(const HostTensor &out, const HostTensor &ref);

} // namespace strata::rt

#endif // STRATA_RUNTIME_TENSOR_H
