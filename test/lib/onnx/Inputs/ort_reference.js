// Computes reference outputs with onnxruntime-node for ort-reference.test.
//
//   node ort_reference.js MODELS_DIR DATA_DIR
//
// For every MODELS_DIR/NAME.onnx, reads DATA_DIR/NAME/argI.npy (the graph
// inputs in order), runs the model on onnxruntime's CPU provider and writes
// DATA_DIR/NAME/resultI.npy (the graph outputs in order). Run once, by
// hand, where `npm install --ignore-scripts onnxruntime-node` has been done;
// the outputs are committed so that the tests need no network.
const fs = require('fs');
const path = require('path');
const ort = require('onnxruntime-node');

const kinds = {
  '<f4': ['float32', Float32Array, 4], '<i8': ['int64', BigInt64Array, 8],
  '<i4': ['int32', Int32Array, 4], '|b1': ['bool', Uint8Array, 1],
};

function readNpy(file) {
  const buf = fs.readFileSync(file);
  const headerLength = buf.readUInt16LE(8);
  const header = buf.toString('latin1', 10, 10 + headerLength);
  const descr = /'descr':\s*'([^']+)'/.exec(header)[1];
  const shape = /'shape':\s*\(([^)]*)\)/.exec(header)[1]
      .split(',').map(s => s.trim()).filter(s => s).map(Number);
  const [type, Array_, width] = kinds[descr];
  const count = shape.reduce((a, b) => a * b, 1);
  const bytes = buf.subarray(10 + headerLength, 10 + headerLength + count * width);
  const data = new Array_(count);
  new Uint8Array(data.buffer).set(bytes);
  return new ort.Tensor(type, type === 'bool' ? Uint8Array.from(data) : data, shape);
}

function writeNpy(file, tensor) {
  const descr = Object.keys(kinds).find(k => kinds[k][0] === tensor.type);
  const shape = tensor.dims.length === 1 ? `(${tensor.dims[0]},)`
                                         : `(${tensor.dims.join(', ')})`;
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shape}, }`;
  header += ' '.repeat(63 - ((10 + header.length) % 64)) + '\n';
  const prefix = Buffer.alloc(10);
  prefix.write('\x93NUMPY', 0, 'latin1');
  prefix[6] = 1; prefix[7] = 0;
  prefix.writeUInt16LE(header.length, 8);
  const data = tensor.data;
  const body = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  fs.writeFileSync(file, Buffer.concat([prefix, Buffer.from(header, 'latin1'), body]));
}

async function main() {
  const [modelsDir, dataDir] = process.argv.slice(2);
  for (const name of fs.readdirSync(modelsDir).filter(f => f.endsWith('.onnx')).sort()) {
    const stem = name.slice(0, -5);
    const session = await ort.InferenceSession.create(path.join(modelsDir, name));
    const feeds = {};
    session.inputNames.forEach((input, i) => {
      feeds[input] = readNpy(path.join(dataDir, stem, `arg${i}.npy`));
    });
    const results = await session.run(feeds);
    session.outputNames.forEach((output, i) => {
      writeNpy(path.join(dataDir, stem, `result${i}.npy`), results[output]);
    });
    console.log(`${stem}: ${session.outputNames.length} outputs`);
  }
}

main().catch(error => { console.error(error); process.exit(1); });
