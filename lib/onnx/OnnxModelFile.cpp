//===- OnnxModelFile.cpp - Reading ONNX protobufs without exceptions ------===//
//
// Built with -fexceptions (see CMakeLists.txt): protobuf and ONNX throw, the
// rest of the compiler does not, so every exception stops here.

#include "lib/onnx/OnnxModelFile.h"

#include "onnx/defs/schema.h"
#include "onnx/shape_inference/implementation.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <exception>
#include <limits>
#include <unordered_map>
#include <unordered_set>

using namespace mlir::strata::onnx_import;

bool mlir::strata::onnx_import::parseModel(llvm::StringRef bytes,
                                           onnx::ModelProto &model,
                                           std::string &error) {
  if (bytes.size() > static_cast<size_t>(std::numeric_limits<int>::max())) {
    error = "is larger than 2 GiB, the most a protobuf message can hold "
            "(keep the weights in external data)";
    return false;
  }
  try {
    if (!model.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
      error = "is not a valid ONNX model (the protobuf is truncated or "
              "corrupt)";
      return false;
    }
  } catch (const std::exception &exception) {
    error = std::string("is not a valid ONNX model: ") + exception.what();
    return false;
  }
  if (!model.has_graph()) {
    error = "is not a valid ONNX model (it has no graph)";
    return false;
  }
  return true;
}

/// libonnx 1.12's inference of convolutions and pooling trusts its inputs:
/// a zero stride divides by zero, a weight of the wrong rank or window
/// attributes of the wrong length index out of bounds, and the process
/// dies. Those are checked here first, where the ranks are declared.
static bool checkWindowAttributes(const onnx::ModelProto &model,
                                  std::string &error) {
  std::unordered_map<std::string, int> ranks;
  auto declare = [&](const onnx::ValueInfoProto &info) {
    if (info.type().has_tensor_type() && info.type().tensor_type().has_shape())
      ranks[info.name()] = info.type().tensor_type().shape().dim_size();
  };
  for (const onnx::ValueInfoProto &info : model.graph().input())
    declare(info);
  for (const onnx::ValueInfoProto &info : model.graph().value_info())
    declare(info);
  for (const onnx::TensorProto &tensor : model.graph().initializer())
    ranks[tensor.name()] = tensor.dims_size();
  static const std::unordered_set<std::string> windowed = {
      "Conv",       "ConvTranspose",     "ConvInteger",   "QLinearConv",
      "MaxPool",    "AveragePool",       "LpPool",        "MaxUnpool",
      "MaxRoiPool", "GlobalAveragePool", "GlobalMaxPool", "GlobalLpPool"};
  for (const onnx::NodeProto &node : model.graph().node()) {
    if (!windowed.count(node.op_type()) || !node.domain().empty())
      continue;
    int rank = -1;
    if (node.input_size() > 0 && ranks.count(node.input(0)))
      rank = ranks[node.input(0)];
    if (rank >= 0 && rank < 3) {
      error = describeNode(node) + " needs an input of rank 3 or more";
      return false;
    }
    bool hasWeight = node.op_type().rfind("Conv", 0) == 0;
    if (hasWeight && rank >= 0 && node.input_size() > 1 &&
        ranks.count(node.input(1)) && ranks[node.input(1)] != rank) {
      error = describeNode(node) + " has a weight whose rank differs from "
                                   "its input's";
      return false;
    }
    for (const onnx::AttributeProto &attr : node.attribute()) {
      const std::string &name = attr.name();
      bool positive =
          name == "strides" || name == "dilations" || name == "kernel_shape";
      bool perSpatial = positive || name == "output_padding";
      if (positive)
        for (int64_t value : attr.ints())
          if (value <= 0) {
            error = describeNode(node) + " has attribute '" + name +
                    "' with an entry that is not positive";
            return false;
          }
      int spatial = rank - 2;
      if (rank >= 0 && ((perSpatial && attr.ints_size() != spatial) ||
                        (name == "pads" && attr.ints_size() != 2 * spatial))) {
        error = describeNode(node) + " has attribute '" + name + "' of " +
                std::to_string(attr.ints_size()) + " entries for " +
                std::to_string(spatial) + " spatial dimensions";
        return false;
      }
    }
  }
  return true;
}

/// Runs ONNX's inference in place; false with `error` on an exception.
static bool inferInProcess(onnx::ModelProto &model, std::string &error) {
  try {
    onnx::ShapeInferenceOptions options;
    options.check_type = false;
    // Errors in a node ONNX cannot infer are not fatal: the importer
    // computes every shape itself and only uses ONNX's as a cross-check.
    options.error_mode = 0;
    options.enable_data_propagation = true;
    onnx::shape_inference::InferShapes(
        model, onnx::OpSchemaRegistry::Instance(), options);
  } catch (const std::exception &exception) {
    error = exception.what();
    return false;
  } catch (...) {
    error = "libonnx threw an unknown exception";
    return false;
  }
  return true;
}

/// Writes all of `data` to `fd`.
static void writeAll(int fd, const std::string &data) {
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n <= 0 && errno != EINTR)
      return;
    if (n > 0)
      done += static_cast<size_t>(n);
  }
}

bool mlir::strata::onnx_import::inferShapes(onnx::ModelProto &model,
                                            std::string &error) {
  if (!checkWindowAttributes(model, error))
    return false;
  // libonnx 1.12's inference functions trust their nodes (an out-of-range
  // axis or a wrong rank indexes out of bounds), and a malformed model must
  // be an error, not a dead compiler. So inference runs in a child process
  // that sends back only what it found (the graph's value_info); if the
  // child dies, the model is reported as malformed.
  int fds[2];
  if (::pipe(fds) != 0)
    return inferInProcess(model, error);
  pid_t child = ::fork();
  if (child < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    return inferInProcess(model, error);
  }
  if (child == 0) {
    // The parent's crash handlers (LLVM's stack dump) are not for this.
    for (int signal : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT})
      std::signal(signal, SIG_DFL);
    ::close(fds[0]);
    std::string message;
    if (inferInProcess(model, message)) {
      onnx::GraphProto found;
      *found.mutable_value_info() = model.graph().value_info();
      writeAll(fds[1], "O" + found.SerializeAsString());
    } else {
      writeAll(fds[1], "E" + message);
    }
    ::close(fds[1]);
    ::_exit(0);
  }
  ::close(fds[1]);
  std::string reply;
  char buffer[65536];
  for (;;) {
    ssize_t n = ::read(fds[0], buffer, sizeof(buffer));
    if (n > 0)
      reply.append(buffer, static_cast<size_t>(n));
    else if (n == 0 || errno != EINTR)
      break;
  }
  ::close(fds[0]);
  int status = 0;
  while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || reply.empty()) {
    error = "libonnx crashed";
    if (WIFSIGNALED(status))
      error += " (signal " + std::to_string(WTERMSIG(status)) + ")";
    error += "; the model is malformed (onnx.checker.check_model "
             "says how)";
    return false;
  }
  if (reply[0] == 'E') {
    error = reply.substr(1);
    return false;
  }
  onnx::GraphProto found;
  if (!found.ParseFromArray(reply.data() + 1,
                            static_cast<int>(reply.size() - 1))) {
    error = "could not read the result of ONNX's shape inference";
    return false;
  }
  *model.mutable_graph()->mutable_value_info() = found.value_info();
  return true;
}

bool mlir::strata::onnx_import::checkNodeArity(const onnx::NodeProto &node,
                                               int opset, std::string &error) {
  const onnx::OpSchema *schema = nullptr;
  try {
    schema =
        onnx::OpSchemaRegistry::Schema(node.op_type(), opset, node.domain());
  } catch (const std::exception &exception) {
    error = exception.what();
    return false;
  }
  if (!schema)
    return true;
  // Trailing optional inputs may be left out or named "".
  int given = node.input_size();
  if (given < schema->min_input() || given > schema->max_input()) {
    error = "has " + std::to_string(given) + " inputs; opset " +
            std::to_string(opset) + " expects " +
            std::to_string(schema->min_input()) + " to " +
            std::to_string(schema->max_input());
    return false;
  }
  for (int i = 0; i < given && i < static_cast<int>(schema->inputs().size());
       ++i) {
    const onnx::OpSchema::FormalParameter &formal = schema->inputs()[i];
    if (node.input(i).empty() && formal.GetOption() == onnx::OpSchema::Single) {
      error = "leaves required input " + std::to_string(i) + " ('" +
              formal.GetName() + "') unnamed";
      return false;
    }
  }
  if (node.output_size() < schema->min_output() ||
      node.output_size() > schema->max_output()) {
    error = "has " + std::to_string(node.output_size()) + " outputs; opset " +
            std::to_string(opset) + " expects " +
            std::to_string(schema->min_output()) + " to " +
            std::to_string(schema->max_output());
    return false;
  }
  return true;
}

std::string
mlir::strata::onnx_import::describeNode(const onnx::NodeProto &node) {
  // Exporters usually name nodes; for those they do not, the first output
  // is what a user can find in the graph.
  if (node.name().empty() && node.output_size())
    return "node producing '" + node.output(0) + "' (" + node.op_type() + ")";
  return "node '" + node.name() + "' (" + node.op_type() + ")";
}
