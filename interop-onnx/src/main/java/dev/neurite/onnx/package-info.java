/** ONNX import and export: {@code OnnxImporter}, {@code OnnxExporter}, tensors as {@code TensorProto} files. */
package dev.neurite.onnx;
