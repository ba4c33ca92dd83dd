/**
 * The device-independent part of Neurite's ND4J backends: {@link dev.neurite.backend.nd4j.Nd4jBackend} implements
 * every primitive and fused kernel on ND4J's array API, which is the same for nd4j-native and nd4j-cuda. This
 * module has no native dependency; a backend module ({@code backend-cpu}, {@code backend-cuda}) brings the ND4J
 * build and its natives, loads them, and creates an {@code Nd4jBackend}. Internal: exported to those modules only.
 *
 * <ul>
 *   <li><b>Memory.</b> Every handle holds a reference on a {@code Storage} (the root off-heap buffer); views from
 *       reshape, permute, slice and copy share it, and the buffer is freed when the last handle closes. Handles are
 *       values: {@code assign} and {@code applyInPlace} copy shared storage before writing (copy-on-write), so no
 *       write is ever visible through another handle. Freed buffers go to a bounded {@code BufferPool}.</li>
 *   <li><b>Errors.</b> Arguments are validated before any native call (including the cases that would crash
 *       libnd4j: integer division by zero, out-of-range gather/scatter indices); whatever ND4J still throws is
 *       rethrown as an {@link java.lang.IllegalStateException} naming the op.</li>
 *   <li><b>Random numbers.</b> Each call seeds a fresh native generator; libnd4j derives each element from the seed
 *       and the element's index, so a seed gives the same array on any thread and regardless of other calls.</li>
 *   <li><b>Speed.</b> matmul goes through libnd4j's {@code matmul} custom op (oneDNN on the CPU, cuBLAS on CUDA),
 *       not {@code INDArray.mmul}; outputs are preallocated and written by one native call per primitive where
 *       possible.</li>
 * </ul>
 */
package dev.neurite.backend.nd4j;
